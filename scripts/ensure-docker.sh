#!/usr/bin/env bash
# Makes sure a Docker engine answers; on Debian as root it installs and starts one (off the network) when none does.
set -euo pipefail

engine_answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers; then
  exit 0
fi

if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
  echo "The Docker engine at DOCKER_HOST=${DOCKER_HOST} does not answer: start it, or unset DOCKER_HOST to use a local one." >&2
  exit 1
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "No Docker engine answers at /var/run/docker.sock. Start one (e.g. 'sudo systemctl start docker') or set DOCKER_HOST." >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing docker.io from Debian's packages ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  else
    echo "No Docker engine found and no apt-get to install one: install Docker and start it." >&2
    exit 1
  fi
fi

log_dir=${CM_DOCKERD_LOG_DIR:-/var/log}
echo "Starting dockerd (--bridge=none --iptables=false), log in $log_dir/cm-dockerd.log ..." >&2
# The engine outlives this script: it must not inherit its caller's descriptors (a `flock` around `make test` would
# otherwise stay held by dockerd until the engine stops).
(
    for fd in /proc/"$BASHPID"/fd/*; do
        fd=${fd##*/}
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec nohup dockerd --bridge=none --iptables=false >"$log_dir/cm-dockerd.log" 2>&1
) &

for _ in $(seq 1 60); do
  if engine_answers; then exit 0; fi
  sleep 0.5
done
echo "dockerd did not answer within 30 s; see $log_dir/cm-dockerd.log" >&2
exit 1
