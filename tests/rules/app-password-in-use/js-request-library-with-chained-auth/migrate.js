var request = require('request');
var settings = require('./settings.json');

var apiUrl = settings.bitbucketApiUrl;

function createRepository(name, done) {
  request
    .post({
      url: apiUrl + '/repositories/' + settings.workspace + '/' + name,
      json: { scm: 'git', is_private: true },
    }, done)
    // expect: app-password-in-use
    .auth(settings.username, process.env.BITBUCKET_APP_PASSWORD, true);
}

module.exports = createRepository;
