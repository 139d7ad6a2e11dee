const axios = require("axios");
const { Bitbucket } = require("bitbucket");

async function tags(user, appPassword) {
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    auth: { username: user, password: appPassword },
  });
}

async function prs(user, appPassword) {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests", {
    headers: { Authorization: "Basic " + btoa(`${user}:${appPassword}`) },
  });
  return res.json();
}

// bitbucket.js takes its own auth options: not rewritten as axios's
const client = new Bitbucket({
  auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
});
module.exports = { tags, prs, client };
