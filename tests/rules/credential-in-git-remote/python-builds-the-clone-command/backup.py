import os
import subprocess
from urllib.parse import quote


def clone(user, password, owner, slug, http, mirror):
    command = None
    if http:
        # expect: credential-in-git-remote
        command = "git clone https://%s:%s@bitbucket.org/%s/%s.git" % (
            quote(user),
            quote(password),
            owner,
            slug,
        )
    else:
        command = "git clone git@bitbucket.org:%s/%s.git" % (owner, slug)
    subprocess.call(command, shell=True)


def mirror(user, password, workspace, slug):
    url = f"https://{user}:{password}@bitbucket.org/{workspace}/{slug}.git"
    # expect: credential-in-git-remote
    subprocess.run(["git", "clone", "--mirror", url, "/tmp/mirror"], check=True)
    # expect: credential-in-git-remote
    os.system("hg clone https://" + user + ":" + password + "@bitbucket.org/" + workspace + "/" + slug)
