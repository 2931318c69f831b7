#!/usr/bin/env bash
# make swarm: a local three-node Docker Swarm (scripts/swarm.sh up) with the service on it (scripts/run.sh, as make
# run, with runtime.kind: swarm), in the foreground, for a user to try issue 27's "several hosts". Ctrl-C stops the
# service, then takes the swarm down (scripts/swarm.sh down), so that nothing of either is left: no namespace, no
# engine, no registry, no mount, and none of the service's data (its accounts and containers went with the swarm).
#
#   PORT                 the API's and the dashboard's port (8080)
#   MANAGEMENT_SERVER_PORT  the metrics port (-1: off, so that it never meets make run's 8081)
#   SWARM_RUN_DATA       the service's data folder (embedded PostgreSQL, JWT secret, users' folders), removed when
#                        stopped (./data/swarm-<prefix>)
#   SWARM_PREFIX, SWARM_DIR, SWARM_IMAGES, SWARM_MANAGERS, ...  as scripts/swarm.sh describes
# Arguments are passed to the service (e.g. --auth.registration=closed). Root only (scripts/swarm.sh needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

export SWARM_PREFIX=${SWARM_PREFIX:-cm-swarm}
export SWARM_DIR=${SWARM_DIR:-/run/$SWARM_PREFIX}
port=${PORT:-${SERVER_PORT:-8080}}
management_port=${MANAGEMENT_SERVER_PORT:--1}
data=${SWARM_RUN_DATA:-$root/data/swarm-$SWARM_PREFIX}

log() { echo "[swarm-run] $*" >&2; }

service_pid=
stopping=
stop_all() {
  [[ -n $stopping ]] && return
  stopping=1
  local began=$SECONDS postmaster
  if [[ -n $service_pid ]] && kill -0 "$service_pid" 2>/dev/null; then
    log "Stopping the service ..."
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 400); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  # The embedded PostgreSQL stops with the service; one left by a service that was killed is stopped here.
  postmaster=$(head -1 "$data/postgres/postmaster.pid" 2>/dev/null || true)
  if [[ -n $postmaster ]] && kill -INT "$postmaster" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$postmaster" 2>/dev/null || true
  fi
  rm -rf "$data"
  log "service stopped after $((SECONDS - began)) s; taking the swarm down ..."
  scripts/swarm.sh down || log "scripts/swarm.sh down failed: run it again (it is safe to)"
}
trap 'stop_all; exit 0' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

if [[ -e $data ]]; then
  log "$data is left from a run that was cut short: removing it"
  rm -rf "$data"
fi
began=$SECONDS
scripts/swarm.sh up
# shellcheck disable=SC1091 # written by scripts/swarm.sh up
source "$SWARM_DIR/swarm.env"
nodes=
for ((i = 1; i <= SWARM_NODES; i++)); do
  name_var=SWARM_NODE${i}_NAME host_var=SWARM_NODE${i}_HOST
  nodes+=${nodes:+,}${!name_var}=${!host_var}
done
log "swarm up in $((SECONDS - began)) s"

RUN_JVM_OPTS=${RUN_JVM_OPTS:-} scripts/run.sh --prepare
mkdir -p "$data"
# The manager's engine is docker.host; each node's own engine serves exec, the console, stats and copy-in.
# containers.network stays empty: each user gets an overlay of their own across the nodes.
log "Starting the service on port $port (runtime.kind: swarm, manager $SWARM_MANAGER_HOST) ..."
began=$SECONDS
# A session of its own: Ctrl-C reaches this script only, which stops the service, then the swarm, in that order.
SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$management_port DATA_DIR=$data STORAGE_BASE_PATH=$data/uploads \
  RUNTIME_KIND=swarm DOCKER_HOST=$SWARM_MANAGER_HOST RUNTIME_SWARM_NODES=$nodes CONTAINERS_NETWORK='' \
  setsid scripts/run.sh "$@" &
service_pid=$!
until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
  kill -0 "$service_pid" 2>/dev/null || {
    log "the service exited"
    exit 1
  }
  sleep 0.25
done
log "Ready in $((SECONDS - began)) s: http://localhost:$port/ (Swagger UI: /swagger/index.html), containers on" \
  "a three-node swarm ($SWARM_PREFIX; source $SWARM_DIR/swarm.env for its engines). Images the nodes run:" \
  "${SWARM_IMAGES:-cm-test/busybox:latest}. Ctrl-C removes all of it."
wait "$service_pid" || true
log "the service exited"
