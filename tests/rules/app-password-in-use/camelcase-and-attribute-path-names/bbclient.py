import requests


class Client:
    def __init__(self, opts):
        self.user = opts.user
        self.app_pw = opts.AppPW

    def repositories(self, workspace):
        # expect: app-password-in-use
        return requests.get(f"https://api.bitbucket.org/2.0/repositories/{workspace}", auth=(self.user, self.app_pw))


def downloads(args):
    # expect: app-password-in-use
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/downloads",
                        auth=(args.username, args.app_password.strip()))
