def branches(String organization, String repository, String credentials) {
    String baseUrl = "https://api.bitbucket.org"
    String version = "2.0"
    // put it all together
    String branchesUrl = [baseUrl, version, "repositories", organization, repository, "refs", "branches"].join("/")
    withCredentials([usernamePassword(credentialsId: credentials,
                                      usernameVariable: 'username', passwordVariable: 'password')]) {
        String userpass = username + ":" + password
        String basicAuth = "Basic " + javax.xml.bind.DatatypeConverter.printBase64Binary(userpass.getBytes())
        URL url = branchesUrl.toURL()
        URLConnection connection = url.openConnection()
        // expect: account-password-in-use
        connection.setRequestProperty("Authorization", basicAuth)
        return new groovy.json.JsonSlurper().parseText(connection.getInputStream().text)
    }
}

def comment(String workspace, String slug, String id, String user, String pass) {
    def conn = new URL("https://api.bitbucket.org/2.0/repositories/${workspace}/${slug}/pullrequests/${id}/comments")
        .openConnection() as HttpURLConnection
    conn.setRequestMethod("POST")
    conn.doOutput = true
    // expect: account-password-in-use
    conn.setRequestProperty("Authorization", "Basic " + "${user}:${pass}".bytes.encodeBase64().toString())
    conn.outputStream.withWriter { it << '{"content": {"raw": "done"}}' }
    return conn.responseCode
}
