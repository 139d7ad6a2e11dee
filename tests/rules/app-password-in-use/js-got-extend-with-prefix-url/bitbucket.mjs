import got from 'got';

// expect: app-password-in-use
const client = got.extend({
  prefixUrl: 'https://api.bitbucket.org/2.0',
  username: process.env.BITBUCKET_USERNAME,
  password: process.env.BITBUCKET_APP_PASSWORD,
  responseType: 'json',
});

export async function branches(workspace, repo) {
  const { body } = await client.get(`repositories/${workspace}/${repo}/refs/branches`);
  return body.values;
}

export async function legacyGroups(owner) {
  return client.get(`https://api.bitbucket.org/1.0/groups/${owner}`);
}
