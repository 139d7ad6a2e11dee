const fetch = require('node-fetch');

class BitbucketDriver {
  constructor({ token, workspace }) {
    this.token = token;
    this.workspace = workspace;
    this.api = 'https://api.bitbucket.org/2.0';
  }

  async addRunner(name) {
    const endpoint = `/repositories/${this.workspace}/app/pipelines-config/runners`;
    // expect: undocumented-endpoint
    return this.request({
      api: 'https://api.bitbucket.org/internal',
      endpoint,
      method: 'POST',
      body: JSON.stringify({ name })
    });
  }

  async listRunners() {
    // expect: undocumented-endpoint
    return this.paginated({
      api: 'https://api.bitbucket.org/internal',
      endpoint: `/repositories/${this.workspace}/app/pipelines-config/runners`
    });
  }

  async listPipelines() {
    return this.paginated({ endpoint: `/repositories/${this.workspace}/app/pipelines/` });
  }

  async paginated(opts = {}) {
    const { next, values } = await this.request(opts);
    return next ? values.concat(await this.paginated({ url: next })) : values;
  }

  async request({ url, endpoint, method = 'GET', body, api = this.api } = {}) {
    const response = await fetch(url || `${api}${endpoint}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body
    });
    return response.json();
  }
}

module.exports = BitbucketDriver;
