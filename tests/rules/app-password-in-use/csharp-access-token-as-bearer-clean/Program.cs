using System.Net.Http.Headers;

var token = Environment.GetEnvironmentVariable("BITBUCKET_ACCESS_TOKEN");
var workspace = Environment.GetEnvironmentVariable("BITBUCKET_WORKSPACE");
var slug = Environment.GetEnvironmentVariable("BITBUCKET_REPO_SLUG");

using var http = new HttpClient { BaseAddress = new Uri("https://api.bitbucket.org/2.0/") };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var body = await http.GetStringAsync($"repositories/{workspace}/{slug}/pullrequests?state=OPEN");
Console.WriteLine(body);
