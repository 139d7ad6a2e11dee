import subprocess


def debug(message):
    print("debug - %s" % message)


def exec_cmd(command):
    debug("Executing command: %s" % command)
    subprocess.call(command, shell=True)


def update(workspace, slug, password):
    exec_cmd("git clone git@bitbucket.org:%s/%s.git" % (workspace, slug))
    debug("Updating %s" % slug)
    debug(len(password))
