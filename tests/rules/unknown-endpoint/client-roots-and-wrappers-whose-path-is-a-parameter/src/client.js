const { Bitbucket } = require('bitbucket');

const bitbucket = new Bitbucket({
  baseUrl: 'https://api.bitbucket.org/2.0',
  auth: { token: process.env.BITBUCKET_ACCESS_TOKEN },
});

module.exports = bitbucket;
