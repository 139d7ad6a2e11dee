using System.Diagnostics;
using RestSharp;

namespace Acme.Bitbucket
{
    public class BitbucketOAuth
    {
        private string _accessToken;
        private string _accessTokenSecret;

        public void Received(string token, string tokenSecret)
        {
            _accessToken = token;
            _accessTokenSecret = tokenSecret;
            // expect: secret-in-logs
            Debug.WriteLine(_accessToken + "\n" + _accessTokenSecret);
            Console.WriteLine($"Signed in to Bitbucket with {_accessToken.Length} characters");
            // expect: secret-in-logs
            _logger.LogInformation($"Bitbucket token: {_accessToken}");
        }
    }
}
