package com.example.deploy;

import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestTemplate;

public class Deploy {
    private static final String API = "https://api.bitbucket.org/2.0";
    private final String user = System.getenv("BITBUCKET_USERNAME");
    private final String appPassword = System.getenv("BITBUCKET_APP_PASSWORD");
    private final OkHttpClient http = new OkHttpClient();
    private final RestTemplate rest = new RestTemplate();

    public void tag(String workspace, String repo, String commit) throws Exception {
        Request request = new Request.Builder()
                .url(API + "/repositories/" + workspace + "/" + repo + "/refs/tags")
                // expect: app-password-in-use
                .header("Authorization", Credentials.basic(user, appPassword))
                .post(body(commit))
                .build();
        http.newCall(request).execute();
    }

    public String pullRequests(String workspace, String repo) {
        HttpHeaders headers = new HttpHeaders();
        // expect: app-password-in-use
        headers.setBasicAuth(user, appPassword);
        String url = String.format("%s/repositories/%s/%s/pullrequests", API, workspace, repo);
        return rest.exchange(url, HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody();
    }
}
