package org.example.bitbucket;

import org.apache.commons.httpclient.HttpClient;
import org.apache.commons.httpclient.HttpMethodBase;
import org.apache.commons.httpclient.UsernamePasswordCredentials;
import org.apache.commons.httpclient.auth.AuthScope;
import org.apache.commons.httpclient.methods.DeleteMethod;
import org.apache.commons.httpclient.methods.GetMethod;
import org.apache.commons.httpclient.methods.PutMethod;

public class PullRequestApi {
    private static final String BASE = "https://bitbucket.org/api/";
    private final String owner;
    private final String slug;
    private final String token;

    public PullRequestApi(String owner, String slug, String token) {
        this.owner = owner;
        this.slug = slug;
        this.token = token;
    }

    public void removeComment(String pr, String comment) {
        delete(url("1.0", "/pullrequests/" + pr + "/comments/" + comment));
    }

    public void editComment(String pr, String comment) {
        put(url("1.0", "/pullrequests/" + pr + "/comments/" + comment));
    }

    public String pullRequests() {
        return get(url("/pullrequests"));
    }

    private String url(String path) {
        return url("2.0", path);
    }

    private String url(String version, String path) {
        return BASE + version + "/repositories/" + owner + "/" + slug + path;
    }

    private String get(String url) {
        return send(new GetMethod(url));
    }

    private void delete(String url) {
        // expect: removed-api
        send(new DeleteMethod(url));
    }

    private void put(String url) {
        PutMethod req = new PutMethod(url);
        req.setRequestHeader("Content-Type", "application/json");
        // expect: removed-api
        send(req);
    }

    private String send(HttpMethodBase req) {
        HttpClient client = new HttpClient();
        req.setRequestHeader("Authorization", "Bearer " + token);
        try {
            client.executeMethod(req);
            return req.getResponseBodyAsString();
        } catch (Exception e) {
            return null;
        }
    }
}
