const token = process.env.BITBUCKET_TOKEN;
// expect: secret-in-logs
console.log(token);
// expect: secret-in-logs
console.log(`Bearer ${process.env.BB_APP_PASSWORD}`);
console.log("token length", token.length);
console.log("calling https://api.bitbucket.org/2.0/user");
fetch("https://api.bitbucket.org/2.0/user", { headers: { Authorization: `Bearer ${token}` } });
