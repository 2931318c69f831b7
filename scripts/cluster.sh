#!/usr/bin/env bash
# make cluster: PostgreSQL, N instances of the service and HAProxy in front of them, in the foreground.
# Ctrl-C stops all of it, in order: the instances first (they hand their running jobs back), then HAProxy, then
# PostgreSQL. The children run in sessions of their own, so that Ctrl-C reaches only this script, which stops them.
#
#   N                      instances (3)
#   CLUSTER_PORT           HAProxy's port, the API's address (8080)
#   CLUSTER_INSTANCE_PORT  the first instance's port; the others follow (CLUSTER_PORT + 1)
#   CLUSTER_DB_PORT        PostgreSQL's port (5433, beside a system PostgreSQL on 5432)
#   CLUSTER_DIR            PostgreSQL's data, each instance's data folder and logs, the shared storage (./data/cluster)
#   CLUSTER_CONFIG_ONLY=1  only write and check HAProxy's configuration, then exit
#   CLUSTER_THROWAWAY=1    remove PostgreSQL's data when stopped (make cluster-check, make bench)
# Arguments are passed to every instance (e.g. --cm.docker.labels[key]=value).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

n=${N:-3}
port=${CLUSTER_PORT:-8080}
first_port=${CLUSTER_INSTANCE_PORT:-$((port + 1))}
db_port=${CLUSTER_DB_PORT:-5433}
dir=${CLUSTER_DIR:-$root/data/cluster}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
storage=${STORAGE_BASE_PATH:-$dir/storage}
haproxy_cfg=$dir/haproxy.cfg

log() { echo "[cluster] $*" >&2; }

is_root() { [[ $(id -u) -eq 0 ]]; }

apt_install() {
  if is_root && command -v apt-get >/dev/null 2>&1; then
    log "Installing $1 from Debian's packages ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  else
    log "$1 is missing: install it (Debian: apt-get install $1), or run as root on Debian to have it installed."
    exit 1
  fi
}

# HAProxy: round-robin over the instances, each checked on readiness every second; a request whose instance is down
# (connection refused) is sent to another. Metrics stay private: scrape each instance on its own port instead.
write_haproxy_config() {
  {
    cat <<CFG
global
    maxconn 4096

defaults
    mode http
    option httplog
    timeout connect 2s
    timeout client 6m
    timeout server 6m
    timeout http-keep-alive 30s
    # WebSockets (the console, apps' sockets through the app proxy) once upgraded; the instance's own idle timeout
    # (proxy.idle_timeout, 5m) ends an app's socket first.
    timeout tunnel 10m
    retries 3
    option redispatch
    retry-on conn-failure empty-response

frontend api
    bind *:$port
    # Every host comes here, apps' hosts (*.localhost, or under PROXY_DOMAIN) too: the Host header passes unchanged and
    # any instance serves any app (the app proxy's tickets and sessions are rows in the shared PostgreSQL).
    # A request that reached an instance may have done its work there: only reads are sent again elsewhere.
    # (Connection failures are still retried for every method: such a request never reached an instance.)
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    http-request deny deny_status 404 if { path_beg /actuator/prometheus }
    # Only HAProxy's own view of the client counts: a client's X-Forwarded-For is dropped, then set.
    http-request del-header X-Forwarded-For
    option forwardfor
    default_backend instances

backend instances
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
CFG
    for ((i = 1; i <= n; i++)); do
      echo "    server instance-$i 127.0.0.1:$((first_port + i - 1)) check"
    done
  } >"$haproxy_cfg"
  haproxy -c -q -f "$haproxy_cfg"
}

command -v haproxy >/dev/null 2>&1 || apt_install haproxy
write_haproxy_config
if [[ "${CLUSTER_CONFIG_ONLY:-}" == 1 ]]; then
  log "HAProxy configuration is valid: $haproxy_cfg"
  exit 0
fi

# PostgreSQL: Debian's server binaries, run as the postgres user when we are root (it refuses to run as root).
newest_pg_bin() {
  { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null || true; } | sort -V | tail -1
}
pg_bin=$(newest_pg_bin)
if [[ -z "$pg_bin" ]] && command -v pg_ctl >/dev/null 2>&1; then
  pg_bin=$(dirname "$(command -v pg_ctl)")
fi
if [[ -z "$pg_bin" || ! -x "$pg_bin/postgres" ]]; then
  apt_install postgresql
  pg_bin=$(newest_pg_bin)
fi
as_db_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_data=$dir/postgres
if is_root && ! runuser -u postgres -- test -x "$dir"; then
  # The postgres user cannot reach the cluster folder (a private home, say): keep its data where it can.
  pg_data=/var/lib/container-manager/cluster-$db_port
fi
password_file=$dir/db-password
if [[ ! -s "$password_file" ]]; then
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
  # Data left by an earlier cluster on this port answers only to a password that is gone with its folder.
  [[ "$pg_data" != "$dir/postgres" ]] && rm -rf "$pg_data"
fi
db_password=$(cat "$password_file")
if [[ ! -f "$pg_data/PG_VERSION" ]]; then
  log "Creating the PostgreSQL cluster in $pg_data ..."
  mkdir -p "$pg_data"
  is_root && chown postgres: "$pg_data"
  chmod 700 "$pg_data"
  pwfile=$(mktemp)
  cp "$password_file" "$pwfile"
  is_root && chown postgres: "$pwfile"
  as_db_user "$pg_bin/initdb" -D "$pg_data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    --pwfile="$pwfile" >"$dir/initdb.log" 2>&1
  rm -f "$pwfile"
fi

pids=()
postgres_pid=
haproxy_pid=
stopping=
stop_all() {
  [[ -n "$stopping" ]] && return
  stopping=1
  log "Stopping the instances ..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n "$haproxy_pid" ]]; then
    log "Stopping HAProxy ..."
    kill -TERM "$haproxy_pid" 2>/dev/null || true
    wait "$haproxy_pid" 2>/dev/null || true
  fi
  if [[ -n "$postgres_pid" ]]; then
    log "Stopping PostgreSQL ..."
    kill -INT "$postgres_pid" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 300); do kill -0 "$postgres_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [[ "${CLUSTER_THROWAWAY:-}" == 1 ]]; then
    rm -rf "$pg_data"
  fi
  log "Stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

log "Starting PostgreSQL on 127.0.0.1:$db_port ..."
setsid bash -c "$(declare -f as_db_user is_root); as_db_user '$pg_bin/postgres' -D '$pg_data' -p $db_port \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories='$pg_data' -c max_connections=200" \
  >"$dir/postgres.log" 2>&1 &
postgres_pid=$!
for _ in $(seq 1 100); do
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$db_port" && break
  kill -0 "$postgres_pid" 2>/dev/null || { log "PostgreSQL did not start; see $dir/postgres.log"; exit 1; }
  sleep 0.2
done
# The postgres binary itself, not the shell that started it: signals go to it directly.
postgres_pid=$(head -1 "$pg_data/postmaster.pid")

RUN_JVM_OPTS=${RUN_JVM_OPTS:-} scripts/run.sh --prepare
mkdir -p "$storage"
for ((i = 1; i <= n; i++)); do
  instance_port=$((first_port + i - 1))
  mkdir -p "$dir/instance-$i"
  log "Starting instance $i on 127.0.0.1:$instance_port (log: $dir/instance-$i.log) ..."
  # HAProxy on loopback is the one trusted proxy; each instance's management port (metrics) is its API port + 1000.
  SERVER_PORT=$instance_port MANAGEMENT_SERVER_PORT=$((instance_port + 1000)) DATA_DIR=$dir/instance-$i \
    STORAGE_BASE_PATH=$storage \
    DB_HOST=127.0.0.1 DB_PORT=$db_port DB_USER=postgres DB_PASSWORD=$db_password DB_NAME=postgres \
    setsid scripts/run.sh --server.address=127.0.0.1 --server.trusted_proxies=127.0.0.1 "$@" \
    >"$dir/instance-$i.log" 2>&1 &
  pids+=($!)
  echo $! >"$dir/instance-$i.pid"
done

log "Starting HAProxy on port $port ..."
setsid haproxy -W -db -f "$haproxy_cfg" >"$dir/haproxy.log" 2>&1 &
haproxy_pid=$!

for ((i = 1; i <= n; i++)); do
  instance_port=$((first_port + i - 1))
  until curl -fs "http://127.0.0.1:$instance_port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || { log "instance $i exited; see $dir/instance-$i.log"; exit 1; }
    sleep 0.25
  done
done
log "Ready: the API on http://localhost:$port (Swagger UI: /swagger/index.html), $n instances, PostgreSQL on 127.0.0.1:$db_port"
log "Ctrl-C stops all of it."
wait "$haproxy_pid" || true
log "HAProxy exited"
