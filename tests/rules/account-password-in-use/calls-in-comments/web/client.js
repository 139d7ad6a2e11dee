const axios = require("axios");

// axios.get("https://api.bitbucket.org/2.0/user", { auth: { username: "jdoe", password: process.env.BITBUCKET_PASSWORD } });
/*
axios.get("https://api.bitbucket.org/2.0/user", {
  auth: { username: "jdoe", password: process.env.BITBUCKET_PASSWORD },
});
*/
module.exports = () => axios.get("https://api.bitbucket.org/2.0/repositories/acme/app", {
  headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
});
