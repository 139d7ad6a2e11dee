#!/bin/bash
read -r username
read -rs password
curl -X POST -u "${username}:${password}" https://api.bitbucket.org/2.0/repositories/${username}/site
# expect: secret-in-logs
echo "Using the app password $BB_APP_PASSWORD"
# expect: secret-in-logs
echo "token: $TOKEN"
# a password the script makes for the CMS, not one Bitbucket issued
password=$(LC_CTYPE=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 12)
wp core install --admin_user=dev --admin_password="$password"
echo "Password: $password"
admin_pass="$(openssl rand -base64 18)"
echo "Admin password: $admin_pass"
