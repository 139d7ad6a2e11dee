#!/bin/sh
# Installing a Bitbucket client runs nothing; other tools' passwords are not Bitbucket's.
npm install -g snyk-to-bb
npx sonar-scanner --login "$SONAR_USER" --password "$SONAR_PASSWORD"
docker login --username "$DOCKER_USER" --password "$DOCKER_PASSWORD" registry.example.com
npx snyk-to-bb --help
