import axios from "axios";

export async function me() {
  return axios.get("https://api.bitbucket.org/2.0/user", { auth: { username: "jdoe@example.com", password: "TOKEN(app-password)" } });
}

export async function branches() {
  return axios.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/branches", {
    headers: {
      Accept: "application/json",
    },
    auth: { username: "jdoe", password: "TOKEN(app-password)" },
  });
}
