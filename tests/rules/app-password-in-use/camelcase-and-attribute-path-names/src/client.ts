import { Bitbucket } from "bitbucket";
import { getBasicAuth } from "./config";

const basicAuth = getBasicAuth();

// expect: app-password-in-use
export const bitbucket = new Bitbucket({
	baseUrl: "https://api.bitbucket.org/2.0",
	auth: {
		username: basicAuth.username,
		password: basicAuth.appPw,
	},
});
