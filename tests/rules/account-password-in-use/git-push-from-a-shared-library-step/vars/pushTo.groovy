def call(String credentials, String repository, String branch) {
    withCredentials([usernamePassword(credentialsId: credentials, usernameVariable: 'username', passwordVariable: 'password')]) {
        USER = username
        PASSWORD = password
    }
    sh "git commit -m 'build $BUILD_NUMBER'"
    // expect: account-password-in-use
    sh "git push https://$USER:$PASSWORD@bitbucket.org/$USER/$repository HEAD:$branch"
}
