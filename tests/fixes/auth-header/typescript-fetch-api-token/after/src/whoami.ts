const user: string = process.env.BB_USER ?? "";

export async function whoami(): Promise<unknown> {
  const res = await fetch("https://api.bitbucket.org/2.0/user", {
    headers: {
      Accept: "application/json",
      Authorization: `Basic ${Buffer.from(`${process.env.ATLASSIAN_EMAIL}:${process.env.ATLASSIAN_API_TOKEN}`).toString("base64")}`,
    },
  });
  return res.json();
}

export async function tags(): Promise<unknown> {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` },
  });
  return res.json();
}
