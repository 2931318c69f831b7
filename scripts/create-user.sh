#!/usr/bin/env bash
# make user NAME=alice: creates an account without the HTTP API (for auth.registration: closed), in the database that
# `make run` in this folder uses (config.yaml, environment, ./data), whether the service runs or not. The password
# comes from PASSWORD, else it is asked for on the terminal, else read from the first line of standard input.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-}
if [[ -z "$name" ]]; then
  echo "usage: make user NAME=<username> [PASSWORD=<password>] [ADMIN=1]" >&2
  exit 2
fi
JAVA_HOME=${JAVA_HOME:-$(scripts/java-home.sh)}
password=${PASSWORD:-}
if [[ -z "$password" ]]; then
  if [[ -t 0 ]]; then
    read -rsp "Password for $name: " password
    echo >&2
  else
    IFS= read -r password || true
  fi
fi
admin=()
if [[ -n "${ADMIN:-}" && "${ADMIN}" != 0 ]]; then
  admin=(--admin)
fi
printf '%s\n' "$password" | "$JAVA_HOME/bin/java" -Xmx128m -jar target/container-manager.jar create-user "--name=$name" "${admin[@]}"
