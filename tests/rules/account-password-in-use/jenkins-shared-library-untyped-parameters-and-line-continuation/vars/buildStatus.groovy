def inProgress(credentialsId, workspace, repository, commit = null) {
    notify(credentialsId, workspace, repository, "INPROGRESS", "Build started", commit)
}

def passed(credentialsId, workspace, repository, commit = null) {
    notify(credentialsId, workspace, repository, "SUCCESSFUL", "Build passed, well done", commit)
}

def notify(credentialsId, workspace, repository, state, description, commit = null) {
    def hash = commit ?: env.GIT_COMMIT
    def url = "https://api.bitbucket.org/2.0/repositories/${workspace}/${repository}/commit/${hash}/statuses/build"
    def body = """{"state": "${state}", "key": "${env.BUILD_ID}", "url": "${env.BUILD_URL}", "description": "${description}"}"""
    // expect: account-password-in-use
    def response = httpRequest \
        authentication: credentialsId, \
        contentType: 'APPLICATION_JSON', \
        httpMode: 'POST', \
        requestBody: body, \
        url: url
    echo "Bitbucket answered ${response.status}"
}
