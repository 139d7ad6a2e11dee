using RestSharp.Authenticators;

namespace Acme.Bitbucket
{
    public class BitbucketLogin
    {
        public IBitbucketClient WithPassword(string username, string password)
        {
            // expect: account-password-in-use
            var authenticator = new HttpBasicAuthenticator(username, password);
            return new BitbucketClient(authenticator);
        }

        public IBitbucketClient WithSigner(string key, string secret, string token, string tokenSecret)
        {
            var authenticator = OAuth1Authenticator.ForProtectedResource(key, secret, token, tokenSecret);
            return new BitbucketClient(authenticator);
        }
    }
}
