package org.acme

import groovy.json.JsonSlurper

class BitbucketClient implements Serializable {
    private static final String BASE_URL = 'https://api.bitbucket.org/1.0'
    def script
    String user
    String password

    BitbucketClient(script, String user, String password) {
        this.script = script
        this.user = user
        this.password = password
    }

    private def request(String path, String method = 'GET') {
        HttpURLConnection conn = (HttpURLConnection) new URL(BASE_URL + path).openConnection()
        conn.requestMethod = method
        String auth = "${user}:${password}".bytes.encodeBase64().toString()
        conn.setRequestProperty('Authorization', "Basic ${auth}")
        def body = conn.inputStream.text
        return new JsonSlurper().parseText(body)
    }

    def repositoryPrivileges(String owner) {
        // expect: removed-api
        return request("/privileges/${owner}")
    }

    def groupMembers(String owner, String group) {
        // expect: removed-api
        request("/groups/${owner}/${group}/members")
    }
}
