#!/bin/sh
# expect: ignore-without-reason
# tokenlint: ignore[app-password]
APP_PASS=TOKEN(app-password)
