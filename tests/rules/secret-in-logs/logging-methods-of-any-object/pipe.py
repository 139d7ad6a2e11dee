from bitbucket_pipes_toolkit import Pipe
import math

import requests

pipe = Pipe(schema={"APP_PASS": {"type": "string", "required": True}})
app_pass = pipe.get_variable("APP_PASS")
workspace = pipe.get_variable("WORKSPACE")

# expect: secret-in-logs
pipe.log_info(app_pass)
pipe.log_info(workspace)
# expect: secret-in-logs
self_log = pipe.log_debug(f"auth with {app_pass}")
# expect: secret-in-logs
log_warning("password is " + app_pass)
# expect: secret-in-logs
reporter.logInfo(app_pass)
pipe.log_info(len(app_pass))
pipe.success(message="done")
math.log(3)
requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/src", auth=("jdoe", app_pass))
