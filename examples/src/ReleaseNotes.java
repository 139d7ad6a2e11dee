package com.example.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

/** Posts release notes as a pull request comment. */
public class ReleaseNotes {
    private static final String API = "https://api.bitbucket.org/1.0";
    private final String user = System.getenv("BITBUCKET_USERNAME");
    private final String appPassword = System.getenv("BITBUCKET_APP_PASSWORD");
    private final HttpClient http = HttpClient.newHttpClient();

    private String post(String path, String body) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + appPassword).getBytes());
        HttpRequest request = HttpRequest.newBuilder(URI.create(API + path))
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    public void comment(String workspace, String repo, int id, String text) throws Exception {
        post(String.format("/repositories/%s/%s/pullrequests/%d/comments", workspace, repo, id), text);
    }
}
