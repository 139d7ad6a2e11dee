import subprocess
import sys
from urllib.parse import quote


def debug(message):
    print("debug - %s" % message)


def fail(message, code=1):
    sys.stderr.write("%s (%s)\n" % (message, code))
    sys.exit(code)


def exec_cmd(command):
    # expect: secret-in-logs
    debug("Executing command: %s" % command)
    resp = subprocess.call(command, shell=True)
    if resp != 0:
        # expect: secret-in-logs
        fail("Command [%s] failed" % command, resp)


def clone(username, password, owner, slug):
    command = "git clone https://%s:%s@bitbucket.org/%s/%s.git" % (quote(username), quote(password), owner, slug)
    debug("Cloning %s..." % slug)
    exec_cmd(command)
