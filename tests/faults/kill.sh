#!/bin/bash
# The SIGKILL part: node-collect in a pid namespace, then node-report.
here="$(dirname "$0")"
unshare -pf --mount-proc bash "$here/kill_collect.sh"
bash "$here/kill_report.sh"
