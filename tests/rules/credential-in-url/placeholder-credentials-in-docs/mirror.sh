#!/bin/bash
# Usage: set the remote yourself, e.g.
git remote add bitbucket https://my-username:my-password@bitbucket.org/acme/app.git
git remote add upstream "https://your_username:your_app_password@bitbucket.org/acme/app.git"
