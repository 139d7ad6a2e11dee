interface Credentials {
  useBitbucket: boolean;
  bitbucketUser?: string;
  bitbucketAppPassword?: string;
  site?: string;
  email?: string;
  apiToken?: string;
}

export async function callApi<T>(creds: Credentials, path: string): Promise<T> {
  let baseUrl: string;
  let authHeader: string;
  if (creds.useBitbucket) {
    baseUrl = 'https://api.bitbucket.org';
    authHeader = `Basic ${Buffer.from(`${creds.bitbucketUser}:${creds.bitbucketAppPassword}`).toString('base64')}`;
  } else {
    baseUrl = `https://${creds.site}.atlassian.net`;
    authHeader = `Basic ${Buffer.from(`${creds.email}:${creds.apiToken}`).toString('base64')}`;
  }
  const headers = { Authorization: authHeader, Accept: 'application/json' };
  // expect: app-password-in-use
  const response = await fetch(`${baseUrl}${path}`, { method: 'GET', headers });
  return (await response.json()) as T;
}
