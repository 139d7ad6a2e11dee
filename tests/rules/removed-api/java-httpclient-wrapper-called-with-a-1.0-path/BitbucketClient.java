package x;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Base64;
public class BitbucketClient {
  private static final String BASE = "https://api.bitbucket.org/1.0";
  private final String user = System.getenv("BITBUCKET_USER");
  private final String pass = System.getenv("BITBUCKET_APP_PASSWORD");
  private final HttpClient client = HttpClient.newHttpClient();
  String get(String path) throws Exception {
    String auth = Base64.getEncoder().encodeToString((user + ":" + pass).getBytes());
    HttpRequest req = HttpRequest.newBuilder()
        .uri(URI.create(BASE + path))
        .header("Authorization", "Basic " + auth)
        .GET().build();
    return client.send(req, BodyHandlers.ofString()).body();
  }
  void user() throws Exception {
    // expect: removed-api
    get("/users/" + name);
  }
}
