package org.acme

class Bitbucket implements Serializable {
    def steps
    Bitbucket(steps) { this.steps = steps }

    def teamRepositories(String team, String token) {
        // expect: removed-api
        def conn = new URL("https://api.bitbucket.org/2.0/teams/${team}/repositories").openConnection()
        conn.setRequestProperty("Authorization", "Bearer ${token}")
        return conn.inputStream.text
    }
}
