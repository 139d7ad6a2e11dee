<html>
<body>
<?php
namespace Acme\Deploy;

class BitbucketApi
{
    const BASE = 'https://api.bitbucket.org/1.0';

    private $user;
    private $password;

    public function __construct($user, $password)
    {
        $this->user = $user;
        $this->password = $password;
    }

    private function call($path, $method = 'GET')
    {
        $ch = curl_init();
        curl_setopt($ch, CURLOPT_URL, self::BASE . $path);
        curl_setopt($ch, CURLOPT_USERPWD, "{$this->user}:{$this->password}");
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_CUSTOMREQUEST, $method);
        $body = curl_exec($ch);
        curl_close($ch);
        return json_decode($body, true);
    }

    public function changesets($owner, $slug)
    {
        // expect: removed-api
        return $this->call("/repositories/$owner/$slug/changesets?limit=50");
    }
}
?>
</body>
</html>
