const request = require('sync-request');

function listRepos(bearer, page = 1) {
  const options = { headers: { Authorization: `Bearer ${bearer}` } };
  // expect: removed-api
  const res = request('GET', `https://api.bitbucket.org/2.0/user/permissions/repositories?page=${page}`, options);
  const body = JSON.parse(res.getBody('utf8'));
  return body.next ? body.values.concat(listRepos(bearer, page + 1)) : body.values;
}

module.exports = { listRepos };
