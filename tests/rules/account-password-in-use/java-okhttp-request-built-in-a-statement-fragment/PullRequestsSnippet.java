final String login = "jdoe";
final String password = System.getenv("BB_PASSWORD");
String credential = Credentials.basic(login, password);
Request request = new Request.Builder()
.url("https://api.bitbucket.org/2.0/repositories/jdoe/website/pullrequests")
// expect: account-password-in-use
.header("Authorization", credential)
.get()
.build();
