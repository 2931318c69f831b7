#!/usr/bin/env bash
# make cluster-check (part of make test): runs make cluster's script for real on free ports and checks its moving
# parts: HAProxy's configuration is valid, the API answers through HAProxy with one token at every instance, a
# container's web app opened on one instance is served by all, the API keeps answering every request while one
# instance is killed (-9), and Ctrl-C (SIGINT) stops every process it started.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${N:-3}
test_image=${TEST_IMAGE:-cm-test/busybox:latest}
run_label=cluster-check-$$
base=$(scripts/free_ports.py $((n + 2)) "$n")
port=$base
db_port=$((base + n + 1))
dir=$(mktemp -d /tmp/cm-cluster-check.XXXXXX)
cluster=
cleanup() { # a failed check leaves nothing running either
  if [[ -n "$cluster" ]] && kill -0 "$cluster" 2>/dev/null; then
    kill -INT -- "-$cluster" 2>/dev/null || true
    wait "$cluster" 2>/dev/null || true
  fi
  scripts/remove-test-containers.sh "$run_label" || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "cluster-check: FAILED: $*" >&2
  for log in "$dir/run.log" "$dir"/cluster/instance-*.log "$dir/cluster/postgres.log"; do
    [[ -f "$log" ]] && { echo "--- ${log#"$dir"/}" >&2; tail -40 "$log" >&2; }
  done
  exit 1
}

CLUSTER_PORT=$port CLUSTER_DIR=$dir/cluster CLUSTER_CONFIG_ONLY=1 scripts/cluster.sh || fail "HAProxy configuration"

# With job control on, the cluster runs in a process group of its own, as in a terminal, where Ctrl-C sends SIGINT
# to the whole group (without it, a background command would ignore SIGINT). env --default-signal undoes an ignored
# SIGINT inherited from whoever started make test in the background: a shell cannot trap a signal ignored on entry.
set -m
N=$n CLUSTER_PORT=$port CLUSTER_DB_PORT=$db_port CLUSTER_DIR=$dir/cluster CLUSTER_THROWAWAY=1 \
  env --default-signal=INT scripts/cluster.sh "--cm.docker.labels[container-manager.test-run]=$run_label" \
  >"$dir/run.log" 2>&1 &
cluster=$!
set +m
for _ in $(seq 1 600); do
  grep -q "Ready:" "$dir/run.log" && break
  kill -0 "$cluster" 2>/dev/null || fail "make cluster exited before it was ready"
  sleep 0.5
done
grep -q "Ready:" "$dir/run.log" || fail "not ready within 5 minutes"
# HAProxy marks instances up after two good checks.
for _ in $(seq 1 40); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break; sleep 0.25; done

api=http://127.0.0.1:$port
user="check-$RANDOM$RANDOM"
body="{\"username\": \"$user\", \"password\": \"correct horse\"}"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$api/users") == 200 ]] \
  || fail "register through HAProxy"
token=$(curl -s -H 'Content-Type: application/json' -d "$body" "$api/users/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') || fail "login through HAProxy"

# Round-robin: 3 x n requests reach every instance; each accepts the token the first one issued.
requests() { # $1 requests; prints how many did not answer 200
  local failed=0
  for _ in $(seq 1 "$1"); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$api/containers" || true)
    [[ $code == 200 ]] || failed=$((failed + 1))
  done
  echo "$failed"
}
[[ $(requests $((3 * n))) == 0 ]] || fail "a token from one instance was refused by another"

# A container's web app through the front: a ticket taken by one instance, the session served by every other one.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
app_cmd='["sh", "-c", "mkdir -p /tmp/www && echo served-through-the-front > /tmp/www/index.html && exec httpd -f -p 8000 -h /tmp/www"]'
job=$(curl -s "${auth[@]}" -d "{\"image\": \"$test_image\", \"name\": \"web\", \"cmd\": $app_cmd}" "$api/containers" \
  | json 'd["job_id"]') || fail "create an app container"
for _ in $(seq 1 120); do
  status=$(curl -s "${auth[@]}" "$api/jobs/$job" | json 'd["status"]')
  [[ $status == completed || $status == failed ]] && break
  sleep 0.5
done
[[ $status == completed ]] || fail "the app container's job: $status"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X PATCH "${auth[@]}" "$api/containers/web/start") == 200 ]] \
  || fail "start the app container"
front=(--connect-to "::127.0.0.1:$port")
app_ok=
for _ in $(seq 1 40); do # httpd takes a moment; each try takes a fresh ticket
  url=$(curl -s "${auth[@]}" -d '{}' "$api/containers/web/ports/8000/open" | json 'd["url"]') || fail "open the app"
  cookie=$(curl -s -o /dev/null -D - "${front[@]}" "$url" | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: \(cm_app_session=[^;]*\).*/\1/p')
  [[ -n $cookie ]] || fail "the ticket gave no session cookie"
  origin=${url%%/_cm/*}
  if [[ $(curl -s "${front[@]}" -H "Cookie: $cookie" "$origin/index.html") == served-through-the-front ]]; then
    app_ok=1
    break
  fi
  sleep 0.5
done
[[ -n $app_ok ]] || fail "the app did not answer through the front"
for _ in $(seq 1 $((3 * n))); do # round-robin: the session works on every instance
  [[ $(curl -s "${front[@]}" -H "Cookie: $cookie" "$origin/index.html") == served-through-the-front ]] \
    || fail "an instance refused the app session another one opened"
done
[[ $(curl -s -o /dev/null -w '%{http_code}' "${front[@]}" "$origin/index.html") == 401 ]] \
  || fail "the app answered without a session"

victim=$(cat "$dir/cluster/instance-1.pid")
kill -KILL "$victim"
echo "cluster-check: killed instance 1 (pid $victim)" >&2
failed=$(requests 60)
[[ $failed == 0 ]] || fail "$failed of 60 requests failed after an instance was killed"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$api/actuator/prometheus") == 404 ]] || fail "metrics are private"

# Ctrl-C: everything it started goes away.
pids=$(cat "$dir"/cluster/instance-*.pid; head -1 "$dir"/cluster/postgres/postmaster.pid 2>/dev/null || true)
kill -INT -- "-$cluster"
wait "$cluster" || true
for pid in $pids; do
  kill -0 "$pid" 2>/dev/null && fail "process $pid is still running after Ctrl-C"
done
curl -s -o /dev/null "$api/" && fail "HAProxy still answers after Ctrl-C"
grep -q "Stopped." "$dir/run.log" || fail "no orderly stop"
echo "cluster-check: 5 passed, 0 failed (HAProxy configuration; one token at every instance; an app opened on one instance served by all; 60 of 60 requests answered after kill -9 of an instance; Ctrl-C stops everything)"
