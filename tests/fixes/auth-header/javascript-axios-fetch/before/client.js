const axios = require("axios");

async function tags() {
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASSWORD },
  });
}

async function prs() {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests", {
    headers: { Authorization: "Basic " + Buffer.from(`${process.env.BB_USER}:${process.env.BB_APP_PASSWORD}`).toString("base64") },
  });
  return res.json();
}

async function commits() {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/commits", {
    headers: { Authorization: `Basic ${btoa(`${process.env.BB_USER}:${process.env.BB_APP_PASSWORD}`)}` },
  });
  return res.json();
}

const api = axios.create({
  baseURL: "https://api.bitbucket.org/2.0",
  auth: { username: "jdoe", password: process.env.BB_APP_PASSWORD },
});
api.get("/repositories/acme/app/refs/branches");
module.exports = { tags, prs, commits };
