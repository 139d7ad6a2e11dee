namespace Acme.Bitbucket
{
    public class BitbucketAuthenticationClient : IBitbucketAuthenticationClient
    {
        private readonly string _consumerKey;

        public BitbucketAuthenticationClient(string consumerKey)
        {
            _consumerKey = consumerKey;
        }
    }

    public interface IBitbucketTokenStore : IBitbucketCredentialStore
    {
    }
}
