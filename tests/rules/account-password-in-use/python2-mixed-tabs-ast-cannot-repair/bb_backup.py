#!/usr/bin/env python
# Back up every repository of a Bitbucket team (Python 2).
import os, sys, urllib2, base64, json

API = 'https://api.bitbucket.org/1.0'
USER = os.environ['BB_USER']
PASSWORD = os.environ['BB_PASSWORD']

def request(path):
	req = urllib2.Request(API + path)
	auth = base64.b64encode('%s:%s' % (USER, PASSWORD))
	# expect: account-password-in-use
	req.add_header('Authorization', 'Basic %s' % auth)
	return json.load(urllib2.urlopen(req))

def main(team):
        print "backing up", team
	for repo in request('/users/%s' % team)['repositories']:
	    print repo['slug']
            os.system('hg clone https://%s:%s@bitbucket.org/%s/%s' % (USER, PASSWORD, team, repo['slug']))
	print >>sys.stderr, "done"

if __name__ == '__main__':
	main(sys.argv[1])
