const axios = require("axios");

function tags(options) {
  // the spread may hold headers: left with the finding
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    ...options,
    auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
  });
}

const HEADERS = { Accept: "application/json" };
function commits() {
  // headers built elsewhere: left with the finding
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits", {
    headers: HEADERS,
    auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
  });
}
module.exports = { tags, commits };
