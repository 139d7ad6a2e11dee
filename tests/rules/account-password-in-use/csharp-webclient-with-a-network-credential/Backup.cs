using System;
using System.Net;

class Backup
{
    static void Main(string[] args)
    {
        string user = args[0];
        string password = Environment.GetEnvironmentVariable("BITBUCKET_PASSWORD");
        using (var wc = new WebClient())
        {
            // expect: account-password-in-use
            wc.Credentials = new NetworkCredential(user, password);
            wc.Headers.Add(HttpRequestHeader.Accept, "application/json");
            var json = wc.DownloadString("https://api.bitbucket.org/2.0/repositories/" + user + "?pagelen=100");
            Console.WriteLine(json);
        }
    }
}
