const axios = require("axios");

async function prs(token) {
  // expect: malformed-bitbucket-url
  return axios.get("https://api.bitbucket.org//2.0/repositories/acme/app/pullrequests", {
    headers: { Authorization: `Bearer ${token}` },
  });
}
module.exports = { prs };
