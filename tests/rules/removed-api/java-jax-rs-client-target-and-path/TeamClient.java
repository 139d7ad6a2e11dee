package org.example.bitbucket.client;

import java.net.URI;
import java.util.Collections;
import java.util.Map;
import javax.ws.rs.client.Client;
import javax.ws.rs.client.ClientBuilder;
import javax.ws.rs.client.Entity;
import javax.ws.rs.core.MediaType;

public class TeamClient {
    protected static final URI API_BASE = URI.create("https://api.bitbucket.org/");
    private ClientBuilder builder;

    protected final ClientBuilder builder() {
        if (builder == null) {
            builder = ClientBuilder.newBuilder().register(JsonReader.class);
        }
        return builder;
    }

    public final <T> T get(URI base, String path, Map<String, Object> values, Class<T> type, MediaType... accept) {
        if (base == null) {
            base = API_BASE;
        }
        Client client = builder().build();
        try {
            return client.target(base).path(path).resolveTemplates(values).request(accept).get(type);
        } finally {
            client.close();
        }
    }

    public final <T> T get(URI base, Class<T> type, MediaType... accept) {
        return get(base, null, Collections.emptyMap(), type, accept);
    }

    public Team team(String name) {
        // expect: removed-api
        return get(null, "/2.0/teams/{name}", Collections.singletonMap("name", name), Team.class);
    }

    public Workspace workspace(String slug) {
        return get(null, "/2.0/workspaces/{slug}", Collections.singletonMap("slug", slug), Workspace.class);
    }

    public void archive(String owner) {
        Client client = ClientBuilder.newClient();
        // expect: removed-api
        client.target("https://api.bitbucket.org/1.0").path("users").path(owner).request().delete();
    }
}
