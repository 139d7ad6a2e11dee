import groovy.json.JsonSlurper

@NonCPS
createRepo(String data) {
    def config = new JsonSlurper().parseText(data)
    def name = config.bitbucketRepo
    def key = config.bitbucketProject
    // expect: plaintext-http
    httpRequest authentication: 'bitbucket-admin', contentType: 'APPLICATION_JSON', httpMode: 'POST',
        requestBody: """{"name": "${name}", "scmId": "git"}""",
        url: "http://10.20.0.15:7990/rest/api/1.0/projects/${key}/repos"
}

def call() {
    createRepo(libraryResource('repo.json'))
}
