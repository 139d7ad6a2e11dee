// Posts a comment on the pull request the pipeline builds.
const fetch = require('node-fetch');

const API = 'https://api.bitbucket.org/2.0';
const { BITBUCKET_WORKSPACE, BITBUCKET_REPO_SLUG, BITBUCKET_PR_ID } = process.env;

async function comment(text) {
  const url = `${API}/repositories/${BITBUCKET_WORKSPACE}/${BITBUCKET_REPO_SLUG}/pullrequests/${BITBUCKET_PR_ID}/comments`;
  // expect: app-password-in-use
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: authorization(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: { raw: text } }),
  });
  return res.ok;
}

function authorization() {
  const pair = `${process.env.BB_USER}:${process.env.BITBUCKET_APP_PASSWORD}`;
  return 'Basic ' + btoa(pair);
}

module.exports = { comment };
