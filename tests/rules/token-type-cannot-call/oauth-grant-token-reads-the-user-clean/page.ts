// Exchange the authorization code, then read the signed-in user with the OAuth access token.
export async function connect(code: string) {
  const [profile, answer] = await Promise.all([
    loadProfile(),
    fetch("https://bitbucket.org/site/oauth2/access_token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=authorization_code&code=${code}&client_id=${process.env.BITBUCKET_CLIENT_ID}`,
    }),
  ]);
  const json = await answer.json();
  const headers = { Authorization: `Bearer ${json.access_token}` };
  const user = await fetch("https://api.bitbucket.org/2.0/user", { headers });
  const emails = await fetch("https://api.bitbucket.org/2.0/user/emails", { headers });
  return { profile, user: await user.json(), emails: await emails.json() };
}
