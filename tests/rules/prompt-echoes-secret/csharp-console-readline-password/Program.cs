using System;
using Acme.Bitbucket;

namespace Acme.Bitbucket.Example
{
    public static class Program
    {
        public static void Main()
        {
            Console.WriteLine("User : ");
            var user = Console.ReadLine();
            Console.WriteLine("Password : ");
            // expect: prompt-echoes-secret
            var secret = Console.ReadLine();
            var client = new BitbucketLogin().WithPassword(user, secret);
        }
    }
}
