def call(String workspace, String slug) {
    withCredentials([string(credentialsId: 'bitbucket-access-token', variable: 'BB_TOKEN')]) {
        def conn = new URL("https://api.bitbucket.org/2.0/repositories/${workspace}/${slug}").openConnection()
        conn.setRequestProperty("Authorization", "Bearer ${BB_TOKEN}")
        httpRequest url: "https://api.bitbucket.org/2.0/repositories/${workspace}/${slug}/refs/branches",
                    customHeaders: [[name: 'Authorization', value: "Bearer ${BB_TOKEN}"]]
    }
    withCredentials([usernamePassword(credentialsId: 'chat', usernameVariable: 'U', passwordVariable: 'P')]) {
        def chat = new URL("https://chat.example.com/hooks/build").openConnection()
        chat.setRequestProperty("Authorization", "Basic " + "${U}:${P}".bytes.encodeBase64().toString())
        // new URL("https://api.bitbucket.org/2.0/user").openConnection().setRequestProperty("Authorization", "Basic " + x)
    }
}
