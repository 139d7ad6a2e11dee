<?php

namespace App\Services;

use GuzzleHttp\Client;
use Illuminate\Support\Facades\Http;

class Sync
{
    private $http;

    public function __construct()
    {
        // expect: app-password-in-use
        $this->http = new Client([
            'base_uri' => 'https://api.bitbucket.org/2.0/',
            'auth' => [env('BITBUCKET_USERNAME'), env('BITBUCKET_APP_PASSWORD')],
        ]);
    }

    public function commits(string $workspace, string $repo): array
    {
        $response = $this->http->request('GET', "repositories/{$workspace}/{$repo}/commits");
        return json_decode((string) $response->getBody(), true);
    }

    public function branches(string $workspace, string $repo)
    {
        // expect: app-password-in-use
        return Http::withBasicAuth(config('bb.user'), $_ENV['BITBUCKET_APP_PASSWORD'])
            ->acceptJson()
            ->get(sprintf('https://api.bitbucket.org/2.0/repositories/%s/%s/refs/branches', $workspace, $repo));
    }

    public function tags(string $workspace, string $repo)
    {
        $auth = base64_encode(getenv('BB_USER') . ':' . getenv('BB_APP_PASSWORD'));
        // expect: app-password-in-use
        $context = stream_context_create([
            'http' => [
                'method' => 'GET',
                'header' => "Authorization: Basic $auth\r\nAccept: application/json\r\n",
            ],
        ]);
        $url = 'https://api.bitbucket.org/2.0/repositories/' . $workspace . '/' . $repo . '/refs/tags';
        return json_decode(file_get_contents($url, false, $context), true);
    }
}
