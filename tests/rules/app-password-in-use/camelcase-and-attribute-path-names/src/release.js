const axios = require("axios");
const config = require("./settings.json");

async function tag(name) {
  // expect: app-password-in-use
  await axios.post("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", { name }, {
    auth: { username: config.bitbucket.user, password: config.bitbucket.appPassword },
  });
}

async function status(sha) {
  // expect: app-password-in-use
  await axios.post(`https://api.bitbucket.org/2.0/repositories/acme/app/commit/${sha}/statuses/build`, {}, {
    auth: { username: process.env.BB_USER, password: process.env.BB_APP_PASS },
  });
}

module.exports = { tag, status };
