# CHANGE THESE TO YOUR USER INFO
export BITBUCKET_TEAM='myteam'
export BITBUCKET_USER='user123'
export BITBUCKET_PASSWORD='sshsupersecretpassword'
