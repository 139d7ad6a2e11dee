const { Bitbucket } = require("bitbucket");

const clientOptions = {
  baseUrl: "https://api.bitbucket.org/2.0",
  auth: { token: process.env.BITBUCKET_TOKEN },
};

const bitbucket = new Bitbucket(clientOptions);
const again = new Bitbucket({ baseUrl: "https://api.bitbucket.org/2.0/", auth: { token: process.env.BITBUCKET_TOKEN } });

module.exports = { bitbucket, again };
