import java.net.URL;
import javax.net.ssl.HttpsURLConnection;

class Status {
    static void post(String commit, String token) throws Exception {
        URL url = new URL("https://api.bitbucket.org/2.0/repositories/acme/app/commit/" + commit + "/statuses/build");
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setHostnameVerifier((host, session) -> true);
        conn.setRequestMethod("POST");
        conn.setRequestProperty("Authorization", "Bearer " + token);
        conn.setDoOutput(true);
        // expect: tls-verification-disabled
        conn.getOutputStream().write("{\"state\":\"SUCCESSFUL\"}".getBytes());
    }
}
