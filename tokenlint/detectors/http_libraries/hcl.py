"""HCL/Terraform as data: the Bitbucket providers, the `http` data source and the `restapi`
provider, lowered by tokenlint.parsers.lower_hcl to calls named after the block
(`provider.bitbucket(username: …, password: …)`).

`provider "bitbucket"` is the source name of every Bitbucket Cloud provider people use:
DrFaust92/bitbucket (username + password, or oauth_client_id + oauth_client_secret, or
oauth_token), aeirola/bitbucket and zahiar/bitbucket (username + password), and the old
terraform-providers/bitbucket (username + password); all fall back to BITBUCKET_USERNAME and
BITBUCKET_PASSWORD (DrFaust92 also to BITBUCKET_OAUTH_*) when the block leaves them out. The
password is an app password or, in old configurations, the account password: both are sent as
Basic with the username to https://api.bitbucket.org/2.0, so the block is reported as one
Basic `GET https://api.bitbucket.org/2.0/user` (the account the provider authenticates as), at
the `provider` line, with the username and the password as its credential; `oauth_token` is
sent as Bearer. A block that gives no password or token (environment variables, or OAuth
client credentials that the provider exchanges for a token itself) reports nothing: the file
shows no credential in use.

`data "http"` (hashicorp/http) sends `method` (GET by default) to `url` with
`request_headers`, `insecure = true` turns TLS checks off. `provider "restapi"`
(Mastercard/restapi) sends to its `uri` with `username`/`password` as Basic and `headers`;
`terracurl_request` (devops-rob/terracurl, data source and resource) sends `method` to `url`
with `headers`.
"""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Builtin, Entry, Library, Send

_SAME = Builtin("same")

#: The endpoint a Bitbucket provider's credential is reported against.
PROVIDER_ENDPOINT = "https://api.bitbucket.org/2.0/user"

CALLS: dict[str, Entry] = {
    "provider.bitbucket": Send("terraform-provider-bitbucket", url=f"'{PROVIDER_ENDPOINT}'", options="named",
                               needs="password|oauth_token"),
    "data.http": Send("terraform-http", url="url", options="named", headers="request_headers"),
    "provider.restapi": Send("terraform-restapi", url="uri", options="named"),
    "data.terracurl_request": Send("terracurl", url="url", options="named"),
    "resource.terracurl_request": Send("terracurl", url="url", options="named"),
    "base64encode": Builtin("base64"), "textencodebase64": Builtin("base64"), "format": Builtin("format"),
    **{f: _SAME for f in ("trimspace", "chomp", "sensitive", "nonsensitive", "tostring", "coalesce", "urlencode",
                          "trim", "lower")},
}

LIBRARY = Library("hcl", calls=CALLS)
