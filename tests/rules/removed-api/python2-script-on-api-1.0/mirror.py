import urllib
import urllib2
import base64

config = {}
execfile("mirror.conf", config)

def create(name):
  token = base64.encodestring('%s:%s' % (config["user"], config["app_password"])).replace('\n', '')
  request = urllib2.Request("https://bitbucket.org/api/1.0/repositories", urllib.urlencode({"name": name}))
  request.add_header("Authorization", "Basic %s" % token)
  # expect: removed-api
  return urllib2.urlopen(request)

print "creating", create("backup")
