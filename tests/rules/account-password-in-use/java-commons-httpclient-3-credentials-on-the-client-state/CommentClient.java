package org.example.jenkins.bitbucket;

import org.apache.commons.httpclient.Credentials;
import org.apache.commons.httpclient.HttpClient;
import org.apache.commons.httpclient.HttpMethodBase;
import org.apache.commons.httpclient.UsernamePasswordCredentials;
import org.apache.commons.httpclient.auth.AuthScope;
import org.apache.commons.httpclient.methods.GetMethod;
import org.apache.commons.httpclient.methods.PostMethod;

public class CommentClient {
    private static final String API = "https://api.bitbucket.org/2.0/repositories/";
    private final String workspace;
    private final String repo;
    private final Credentials credentials;
    private final ClientFactory factory;

    public static class ClientFactory {
        public static final ClientFactory INSTANCE = new ClientFactory();

        public HttpClient create() {
            HttpClient client = new HttpClient();
            client.getParams().setSoTimeout(30000);
            return client;
        }
    }

    public CommentClient(String username, String password, String workspace, String repo, ClientFactory factory) {
        this.credentials = new UsernamePasswordCredentials(username, password);
        this.workspace = workspace;
        this.repo = repo;
        this.factory = factory != null ? factory : ClientFactory.INSTANCE;
    }

    public String pullRequests() {
        return send(new GetMethod(API + workspace + "/" + repo + "/pullrequests"));
    }

    public String comment(String id, String text) {
        PostMethod post = new PostMethod(API + workspace + "/" + repo + "/pullrequests/" + id + "/comments");
        post.setParameter("content", text);
        return send(post);
    }

    private HttpClient client() {
        return this.factory.create();
    }

    private String send(HttpMethodBase method) {
        HttpClient client = client();
        // expect: account-password-in-use
        client.getState().setCredentials(AuthScope.ANY, credentials);
        client.getParams().setAuthenticationPreemptive(true);
        try {
            client.executeMethod(method);
            return method.getResponseBodyAsString();
        } catch (Exception e) {
            return null;
        } finally {
            method.releaseConnection();
        }
    }
}
