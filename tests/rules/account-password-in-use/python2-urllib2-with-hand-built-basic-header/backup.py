# Old backup script, still Python 2.
import base64
import json
import os
import urllib2

user = os.environ["BITBUCKET_USER"]
password = os.environ["BITBUCKET_PASSWORD"]
auth = base64.encodestring('%s:%s' % (user, password)).replace('\n', '')

print "listing repositories of", user
request = urllib2.Request("https://api.bitbucket.org/2.0/repositories/%s" % user)
request.add_header("Authorization", "Basic %s" % auth)
try:
    # expect: account-password-in-use
    repos = json.load(urllib2.urlopen(request))
except urllib2.HTTPError, e:
    print >>sys.stderr, "failed:", e
    raise SystemExit(1)
