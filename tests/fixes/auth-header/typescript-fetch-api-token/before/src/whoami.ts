const user: string = process.env.BB_USER ?? "";

export async function whoami(): Promise<unknown> {
  const res = await fetch("https://api.bitbucket.org/2.0/user", {
    headers: {
      Accept: "application/json",
      Authorization: `Basic ${Buffer.from(`${user}:${process.env.BB_APP_PASSWORD}`).toString("base64")}`,
    },
  });
  return res.json();
}

export async function tags(): Promise<unknown> {
  const res = await fetch("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", {
    headers: { Authorization: "Basic " + btoa(user + ":" + process.env.BB_PASSWORD) },
  });
  return res.json();
}
