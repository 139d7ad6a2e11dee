using System.Threading.Tasks;
using RestSharp;
using RestSharp.Authenticators;

namespace Acme.Bitbucket.Clients
{
    public class BitbucketTeamClient : BitbucketClientBase
    {
        private const string BaseUrl = "https://api.bitbucket.org/2.0";
        private const string TeamMembers = "/teams/{team}/members";

        public BitbucketTeamClient(IAuthenticator authenticator) : base(authenticator, BaseUrl)
        {
        }

        public Task<IRestResponse> MembersAsync()
        {
            // expect: removed-api
            return SendAsync(TeamMembers, Method.GET);
        }

        public Task<IRestResponse> RepositoriesAsync(string workspace)
        {
            return SendAsync("/repositories/" + workspace, Method.GET);
        }
    }
}
