const axios = require("axios");

async function tags() {
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
  });
}

async function prs() {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests", {
    headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
  });
  return res.json();
}

async function commits() {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/commits", {
    headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
  });
  return res.json();
}

const api = axios.create({
  baseURL: "https://api.bitbucket.org/2.0",
  headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
});
api.get("/repositories/acme/app/refs/branches");
module.exports = { tags, prs, commits };
