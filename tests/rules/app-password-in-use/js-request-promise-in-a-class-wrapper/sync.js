const rp = require('request-promise-native');

class BitbucketClient {
  constructor() {
    this.api = 'https://api.bitbucket.org/2.0';
    this.user = process.env.BITBUCKET_USER;
  }

  request(method, path, body) {
    // expect: app-password-in-use
    return rp({ method, uri: this.api + path, json: true, body, auth: { user: this.user, pass: process.env.BITBUCKET_APP_PASSWORD } });
  }

  createBranch(workspace, repo, name, target) {
    return this.request('POST', `/repositories/${workspace}/${repo}/refs/branches`, { name, target: { hash: target } });
  }
}

module.exports = BitbucketClient;
