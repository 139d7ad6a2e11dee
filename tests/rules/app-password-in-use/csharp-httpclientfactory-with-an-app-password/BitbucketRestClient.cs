using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;

namespace Acme.Bitbucket
{
    public class BitbucketRestClient
    {
        private readonly HttpClient _client;

        public BitbucketRestClient(IHttpClientFactory clientFactory, string username, string appPassword, Uri apiBase)
        {
            _client = clientFactory.CreateClient();
            _client.BaseAddress = apiBase;
            var bytes = Encoding.ASCII.GetBytes($"{username}:{appPassword}");
            // expect: app-password-in-use
            _client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(bytes));
        }

        private async Task<string> Get(string url)
        {
            var response = await _client.GetAsync(url);
            return await response.Content.ReadAsStringAsync();
        }

        public Task<string> Projects(string account)
        {
            return Get($"teams/{account}/projects/");
        }

        public Task<string> Repositories(string account)
        {
            return Get($"repositories/{account}");
        }
    }
}
