#!/usr/bin/env bash
# make swarm-run-check: make swarm's script (scripts/swarm-run.sh) for real, on a free port and a swarm prefix of its
# own: a user registers, uploads a file, creates a container of the test image (sleep 600) with it, starts it (a
# task on a node), runs an exec in it through the API (on the node's engine) and reads the file there, opens the web
# app of a second container (busybox httpd) through the app proxy (its overlay's relay service, on the node's
# address) and GETs its page, then Ctrl-C
# (SIGINT to its process group, as a terminal sends) must leave nothing: no service, no embedded PostgreSQL, no
# namespace, engine, registry, mount or cgroup of the prefix, no run directory, no data folder. Prints each step's
# time. Root only; not in make test.
set -euo pipefail
cd "$(dirname "$0")/.."

test_image=${TEST_IMAGE:-cm-test/busybox:latest}
prefix=cmsrc-$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
port=$(scripts/free_ports.py 1 0)
dir=$(mktemp -d /tmp/cm-swarm-run-check.XXXXXX)
run=
cleanup() { # a failed check leaves nothing running either
  if [[ -n $run ]] && kill -0 "$run" 2>/dev/null; then
    kill -INT -- "-$run" 2>/dev/null || true
    wait "$run" 2>/dev/null || true
  fi
  SWARM_PREFIX=$prefix scripts/swarm.sh down >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "swarm-run-check: FAILED: $*" >&2
  [[ -f $dir/run.log ]] && { echo "--- run.log" >&2; tail -40 "$dir/run.log" >&2; }
  exit 1
}
ms() { date +%s%3N; }
took() { echo "swarm-run-check: $1 $(($(ms) - $2)) ms"; }

# Job control: make swarm runs in a process group of its own, as in a terminal (see cluster-check.sh).
began=$(ms)
set -m
SWARM_PREFIX=$prefix SWARM_IMAGES=$test_image PORT=$port SWARM_RUN_DATA=$dir/data \
  env --default-signal=INT scripts/swarm-run.sh >"$dir/run.log" 2>&1 &
run=$!
set +m
for _ in $(seq 1 600); do
  grep -q "Ready in" "$dir/run.log" && break
  kill -0 "$run" 2>/dev/null || fail "make swarm exited before it was ready"
  sleep 0.5
done
grep -q "Ready in" "$dir/run.log" || fail "not ready within 5 minutes"
took "swarm and service ready" "$began"
grep -h 'swarm up in\|Ready in' "$dir/run.log" | sed 's/^/  /' | cut -c1-60

api=http://127.0.0.1:$port
user="check-$RANDOM$RANDOM"
body="{\"username\": \"$user\", \"password\": \"correct horse\"}"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
[[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$body" "$api/users") == 200 ]] ||
  fail "register"
token=$(curl -fsS -H 'Content-Type: application/json' -d "$body" "$api/users/login" | json '["token"]') || fail "login"
auth="Authorization: Bearer $token"

# A file of the user's, for the creation to copy in (under swarm: into the first task, when it starts).
echo "a file for the swarm" >"$dir/note.txt"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "$auth" -F "file=@$dir/note.txt" "$api/files") == 200 ]] ||
  fail "upload a file"

t=$(ms)
job=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"image\": \"$test_image\", \"cmd\": [\"sleep\", \"600\"], \"files\": [\"note.txt\"]}" \
  "$api/containers" | json '["job_id"]') || fail "create"
for _ in $(seq 1 600); do
  status=$(curl -fsS -H "$auth" "$api/jobs/$job" | json '["status"]')
  [[ $status == completed || $status == failed ]] && break
  sleep 0.1
done
[[ $status == completed ]] || fail "the creation job is $status: $(curl -s -H "$auth" "$api/jobs/$job")"
id=$(curl -fsS -H "$auth" "$api/jobs/$job" | json '["result"]["container_id"]')
took "creation job" "$t"

t=$(ms)
[[ $(curl -s -o /dev/null -w '%{http_code}' -XPATCH -H "$auth" "$api/containers/$id/start") == 200 ]] || fail "start"
took "start" "$t"
[[ $(curl -fsS -H "$auth" "$api/containers/$id" | json '["status"]') == running ]] || fail "not running after start"

# The task runs on a node of the swarm, not on the local engine.
# shellcheck disable=SC1090,SC1091 # written by scripts/swarm.sh up
source "/run/$prefix/swarm.env"
node=$(docker -H "$SWARM_MANAGER_HOST" service ps --filter desired-state=running --format '{{.Node}}' \
  "$(docker -H "$SWARM_MANAGER_HOST" service ls -q)")
[[ $node == "$prefix"-n[123] ]] || fail "the task is not on a node of the swarm: '$node'"
echo "swarm-run-check: the task runs on $node"

t=$(ms)
# shellcheck disable=SC2016 # expanded in the container
out=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' \
  -d '{"cmd": ["sh", "-c", "echo hi from $(hostname); exit 3"]}' "$api/containers/$id/exec") || fail "exec"
took "exec" "$t"
[[ $(json '["exit_code"]' <<<"$out") == 3 && $(json '["stdout"]' <<<"$out") == "hi from "* ]] ||
  fail "exec answered $out"
out=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' -d '{"cmd": ["cat", "/files/note.txt"]}' \
  "$api/containers/$id/exec") || fail "exec cat"
[[ $(json '["stdout"]' <<<"$out") == "a file for the swarm"* ]] || fail "the creation's file is not there: $out"
echo "swarm-run-check: the creation's file is in the task's container"

# The app proxy: a second container serving a page on its user's overlay (internal), opened through the API (the
# relay service is made then), its page fetched through the proxy with the app session the ticket gives.
job=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' \
  -d '{"image": "'"$test_image"'", "cmd": ["sh", "-c", "mkdir /www && echo hello from the app > /www/index.html && exec httpd -f -p 8080 -h /www"]}' \
  "$api/containers" | json '["job_id"]') || fail "create the app"
for _ in $(seq 1 600); do
  status=$(curl -fsS -H "$auth" "$api/jobs/$job" | json '["status"]')
  [[ $status == completed || $status == failed ]] && break
  sleep 0.1
done
[[ $status == completed ]] || fail "the app's creation job is $status"
app=$(curl -fsS -H "$auth" "$api/jobs/$job" | json '["result"]["container_id"]')
[[ $(curl -s -o /dev/null -w '%{http_code}' -XPATCH -H "$auth" "$api/containers/$app/start") == 200 ]] ||
  fail "start the app"
t=$(ms)
url=$(curl -fsS -XPOST -H "$auth" "$api/containers/$app/ports/8080/open" | json '["url"]') || fail "open the app"
took "open the app (its overlay's relay made)" "$t"
host=${url#http://}
host=${host%%/*}
host=${host%:*}
jar=$dir/app-cookies
page=$(curl -sS -L --max-redirs 2 -c "$jar" -b "$jar" --resolve "$host:$port:127.0.0.1" "$url") ||
  fail "the app through the proxy"
[[ $page == "hello from the app"* ]] || fail "the app answered through the proxy: $page"
echo "swarm-run-check: the app's page came through the proxy and the relay"
times=()
for _ in $(seq 1 10); do
  times+=("$(curl -fsS -o /dev/null -w '%{time_total}' -b "$jar" --resolve "$host:$port:127.0.0.1" \
    "http://$host:$port/")") || fail "the app through the proxy, again"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 * 1000 } END {
  printf "swarm-run-check: a proxied GET of the app (curl, relay on a node), 10: median %.1f ms, best %.1f ms\n",
    t[int((NR + 1) / 2)], t[1] }'

# Ctrl-C, as a terminal sends it: SIGINT to make swarm's whole process group.
service=$(pgrep -P "$run" -f container-manager.jar || true)
[[ -n $service ]] || fail "no service process under make swarm"
t=$(ms)
kill -INT -- "-$run"
code=0
wait "$run" || code=$?
took "Ctrl-C to everything gone" "$t"
run=
[[ $code == 0 ]] || fail "make swarm exited $code after Ctrl-C"
left=()
[[ -z $(ip netns list | grep "^$prefix-" || true) ]] || left+=("network namespaces")
[[ ! -e /run/$prefix ]] || left+=("/run/$prefix")
[[ -z $(pgrep -f -- "$prefix" || true) ]] || left+=("processes: $(pgrep -af -- "$prefix")")
[[ -z $(pgrep -f -- "$dir/data" || true) ]] || left+=("the service or its PostgreSQL: $(pgrep -af -- "$dir/data")")
! kill -0 "$service" 2>/dev/null || left+=("the service, pid $service")
[[ -z $(findmnt -rn -o TARGET | grep -- "$prefix" || true) ]] || left+=("mounts")
! ip link show "$SWARM_HOST_LINK" >/dev/null 2>&1 || left+=("the host's link to the swarm, $SWARM_HOST_LINK")
compgen -G "/sys/fs/cgroup/*/$prefix-*" >/dev/null && left+=("cgroups")
compgen -G "/sys/fs/cgroup/$prefix-*" >/dev/null && left+=("cgroups")
[[ ! -e $dir/data ]] || left+=("the data folder")
((${#left[@]} == 0)) || fail "left after Ctrl-C: ${left[*]}"
echo "swarm-run-check: OK (Ctrl-C left nothing)"
