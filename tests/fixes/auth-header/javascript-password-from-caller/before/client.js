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

// a constant other calls read too: rewriting it would change them as well
const options = { auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD } };
const client = new Bitbucket(options);
const other = new Bitbucket(options);
module.exports = { tags, prs, client, other };
