import argparse
import subprocess


def run(command):
    subprocess.call(command, shell=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-p", "--password", dest="password", help="Bitbucket password")
    args = parser.parse_args()
    # expect: account-password-in-use
    command = "git clone --mirror https://%s:%s@bitbucket.org/%s/%s.git" % (args.username, args.password, "acme", "app")
    run(command)
