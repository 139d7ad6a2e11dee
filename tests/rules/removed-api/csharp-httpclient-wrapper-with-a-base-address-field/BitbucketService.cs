using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;

namespace Acme.Tools.Bitbucket
{
    public class BitbucketService : IDisposable
    {
        private const string ApiRoot = "https://api.bitbucket.org/1.0";
        private readonly HttpClient _http;

        public BitbucketService(string username, string token)
        {
            _http = new HttpClient { BaseAddress = new Uri(ApiRoot + "/") };
            var raw = Encoding.UTF8.GetBytes($"{username}:{token}");
            _http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        private async Task<string> GetAsync(string path)
        {
            var response = await _http.GetAsync(path.TrimStart('/'));
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        public Task<string> GetPrivilegesAsync(string workspace)
        {
            // expect: removed-api
            return GetAsync($"/group-privileges/{workspace}");
        }

        public void Dispose() => _http.Dispose();
    }
}
