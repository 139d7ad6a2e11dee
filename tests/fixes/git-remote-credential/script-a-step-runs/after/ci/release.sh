#!/bin/sh
set -e
git tag "v$1"
git push origin "v$1"
