using System.Threading.Tasks;
using RestSharp;
using RestSharp.Authenticators;

namespace Acme.Bitbucket.Clients
{
    public abstract class BitbucketClientBase
    {
        protected readonly RestClient _client;

        protected BitbucketClientBase(IAuthenticator authenticator, string baseUrl)
        {
            _client = new RestClient(baseUrl);
            _client.Authenticator = authenticator;
        }

        protected Task<IRestResponse> SendAsync(string resource, Method method)
        {
            var request = new RestRequest(resource, method);
            return _client.ExecuteTaskAsync(request);
        }
    }
}
