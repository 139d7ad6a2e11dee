package com.acme.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class PullRequests {
    private static final String API = "https://api.bitbucket.org/2.0/repositories/acme/app";
    private final String token = System.getenv("BITBUCKET_ACCESS_TOKEN");
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", "Bearer " + token);
    }

    public String open() throws Exception {
        // expect: scope-missing
        return http.send(request("/pullrequests?state=OPEN").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public void approve(int id) throws Exception {
        // expect: scope-missing
        http.send(request("/pullrequests/" + id + "/approve").POST(HttpRequest.BodyPublishers.noBody()).build(),
                  HttpResponse.BodyHandlers.discarding());
    }
}
