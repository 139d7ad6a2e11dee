package com.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

class Tags {
    static final String API = "https://api.bitbucket.org/2.0/repositories/";

    public static void main(String[] args) throws Exception {
        String token = System.getenv("BITBUCKET_ACCESS_TOKEN");
        HttpRequest req = HttpRequest.newBuilder(URI.create(API + args[0] + "/refs/tags"))
                .header("Authorization", "Bearer " + token)
                .build();
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }
}
