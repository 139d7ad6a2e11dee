import axios from "axios";

export async function me() {
  return axios.get("https://api.bitbucket.org/2.0/user", { auth: { username: process.env.ATLASSIAN_EMAIL, password: process.env.ATLASSIAN_API_TOKEN } });
}

export async function branches() {
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/branches", {
    headers: {
      Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}`,
      Accept: "application/json",
    },
  });
}
