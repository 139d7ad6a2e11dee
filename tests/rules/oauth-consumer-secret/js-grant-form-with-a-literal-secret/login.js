var request = require("request");

function getAccessToken(authCode) {
  return new Promise((resolve, reject) => {
    var options = {
      method: 'POST',
      url: 'https://bitbucket.org/site/oauth2/access_token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      form: {
        code: authCode,
        client_id: 'Zq4PpW7xKk2mNv9aRt',
        // expect: oauth-consumer-secret
        client_secret: 'Hs8fJ2kLq9ZxPw4TnB7vRm3YcD6gEa5U',
        grant_type: 'authorization_code'
      }
    };
    request(options, (error, response, body) => error ? reject(error) : resolve(body));
  });
}

module.exports = { getAccessToken };
