using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using RestSharp;
using RestSharp.Authenticators;

public class Deployer
{
    private static readonly string User = Environment.GetEnvironmentVariable("BITBUCKET_USERNAME");
    private static readonly string AppPassword = Environment.GetEnvironmentVariable("BITBUCKET_APP_PASSWORD");
    private readonly string baseUrl = "https://api.bitbucket.org/2.0";

    public async void Tag(string workspace, string repo, string name)
    {
        using var client = new HttpClient();
        var auth = Convert.ToBase64String(Encoding.ASCII.GetBytes(User + ":" + AppPassword));
        var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/repositories/{workspace}/{repo}/refs/tags");
        // expect: app-password-in-use
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", auth);
        request.Content = new StringContent($"{{\"name\": \"{name}\"}}", Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public void Pipelines(string workspace, string repo)
    {
        // expect: app-password-in-use
        var client = new RestClient(baseUrl)
        {
            Authenticator = new HttpBasicAuthenticator(User, AppPassword)
        };
        var request = new RestRequest($"/repositories/{workspace}/{repo}/pipelines/", Method.Get);
        var response = client.Execute(request);
        Console.WriteLine(response.Content);
    }
}
