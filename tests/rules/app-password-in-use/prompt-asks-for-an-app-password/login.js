const readline = require("readline/promises");
const axios = require("axios");

async function main() {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const user = await rl.question("Bitbucket username: ");
  const pass = await rl.question("Bitbucket app password: ");
  // expect: app-password-in-use
  const res = await axios.get("https://api.bitbucket.org/2.0/repositories/acme", { auth: { username: user, password: pass } });
  console.log(res.data.values.length);
}

main();
