import subprocess

import git


def update(owner, slug, token):
    subprocess.call("git clone git@bitbucket.org:%s/%s.git" % (owner, slug), shell=True)
    subprocess.run(["git", "fetch", "https://bitbucket.org/%s/%s.git" % (owner, slug)])
    git.Repo.clone_from("https://bitbucket.org/acme/app.git", "/tmp/app")
    message = "git clone https://bitbucket.org/acme/app.git"
    print(message)
