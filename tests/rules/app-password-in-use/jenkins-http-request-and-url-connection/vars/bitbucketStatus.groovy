def call(String commit) {
    // expect: app-password-in-use
    httpRequest(url: "https://api.bitbucket.org/2.0/repositories/acme/app/commit/${commit}/statuses/build",
                httpMode: 'POST', authentication: 'bitbucket-app-password',
                requestBody: '{"state": "INPROGRESS", "key": "jenkins"}')
}
