#!/bin/bash
# The disk-full part: real tmpfs mounts in a user and mount namespace.
exec unshare -Urm bash "$(dirname "$0")/diskfull_inner.sh"
