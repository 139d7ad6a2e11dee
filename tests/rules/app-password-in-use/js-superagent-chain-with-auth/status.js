// Reports a build status with superagent.
const superagent = require('superagent');

const BB_USER = process.env.BB_USER;
const BB_APP_PASSWORD = process.env.BITBUCKET_APP_PASSWORD;

async function reportStatus(workspace, repo, sha, state) {
  await superagent
    .post(`https://api.bitbucket.org/2.0/repositories/${workspace}/${repo}/commit/${sha}/statuses/build`)
    // expect: app-password-in-use
    .auth(BB_USER, BB_APP_PASSWORD)
    .set('Content-Type', 'application/json')
    .send({ state, key: 'ci', url: process.env.BUILD_URL });
}

function listPullRequests(workspace, repo) {
  return superagent
    .get(`https://api.bitbucket.org/2.0/repositories/${workspace}/${repo}/pullrequests`)
    .set('Authorization', `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}`)
    .query({ state: 'OPEN' });
}

module.exports = { reportStatus, listPullRequests };
