const fetch = require('node-fetch');

// The repository is given as its web URL; its path is the workspace and the slug.
class CloudDriver {
  constructor(repo, token) {
    const { pathname } = new URL(repo);
    this.projectPath = encodeURIComponent(pathname.substring(1));
    this.token = token;
  }

  async commentOnCommit(sha, text) {
    const res = await fetch(
      `https://api.bitbucket.org/2.0/repositories/${this.projectPath}/commit/${sha}/comments`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: { raw: text } })
      }
    );
    return res.json();
  }
}

module.exports = CloudDriver;
