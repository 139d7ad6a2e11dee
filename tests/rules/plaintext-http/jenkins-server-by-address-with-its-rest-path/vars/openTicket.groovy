// Jira beside the Bitbucket server: its REST API is not Bitbucket's, and has no projects/…/repos
def call(String summary) {
    httpRequest authentication: 'jira-user', httpMode: 'POST', contentType: 'APPLICATION_JSON',
        requestBody: """{"fields": {"summary": "${summary}"}}""",
        url: "http://10.20.0.16:8080/rest/api/2/issue"
    httpRequest authentication: 'jira-user', url: "http://10.20.0.16:8080/rest/api/2/project/OPS/components"
}
