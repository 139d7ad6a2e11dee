using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Ci
{
    internal sealed class StatusReporter
    {
        private readonly HttpClient client;

        public StatusReporter(string accessToken)
        {
            var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, cert, chain, errors) => true
            };
            client = new HttpClient(handler);
            client.DefaultRequestHeaders.Add("Authorization", "Bearer " + accessToken);
        }

        public async Task ReportAsync(string workspace, string repo, string commit)
        {
            var url = string.Format("https://api.bitbucket.org/2.0/repositories/{0}/{1}/commit/{2}/statuses/build",
                workspace, repo, commit);
            // expect: tls-verification-disabled
            await client.PostAsJsonAsync(url, new { state = "SUCCESSFUL", key = "ci" });
        }
    }
}
