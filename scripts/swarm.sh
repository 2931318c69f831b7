#!/usr/bin/env bash
# A real three-node Docker Swarm on this one machine (issue 27), for make swarm-nodes and the swarm's tests:
#
#   scripts/swarm.sh up|down|status|foreground [DIR]   (foreground: up, then down on Ctrl-C; make swarm-nodes)
#   scripts/swarm.sh stop-node|start-node N          (node N's engine killed as in a crash, or started again)
#   scripts/swarm.sh remove-node|rejoin-node N       (node N leaves the swarm for good, or joins it again anew)
#
# Each node is a dockerd of its own in a network namespace of its own, joined by a veth pair to a bridge in a fourth
# namespace (the "hub"); a node engine runs under `nsenter --net` plus `unshare --mount --uts` (not `ip netns exec`,
# which remounts /sys and hides the cgroup mounts), with its own data root, exec root, pid file, Unix socket, cgroup
# parent and host name, and private tmpfs over /run/docker and /run/containerd, so that nothing it mounts or makes
# there shows on the host. The first node inits the swarm and is its manager; the others join as workers (or as
# managers, SWARM_MANAGERS=3). Images reach the nodes through a registry, as in production: Debian's docker-registry
# serves one storage twice, on 127.0.0.1 for the local engine's pushes and on the hub's bridge address as the node
# engines' mirror, so that an image the local engine runs as cm-test/busybox:latest runs on the nodes by that name.
# The host joins the nodes' LAN too, as a service host beside the nodes would: a veth pair from the host's namespace
# to the hub's bridge, with the host address .2 of the nodes' /24, so that the host reaches what a node publishes
# (mode=host ports: the app proxy's relays) at the node's address.
#
#   SWARM_PREFIX    names of everything this run makes: namespaces <prefix>-hub, <prefix>-n1..3, cgroups
#                   /<prefix>-n1..3 in every controller (cm-swarm). Two runs with different prefixes coexist.
#   SWARM_DIR       the run directory: env file, sockets, pid files, logs, the engines' data, the registry's storage
#                   (/run/<prefix>); `down` removes it. Also the second argument: scripts/swarm.sh up DIR.
#   SWARM_IMAGES    the local engine's images pushed into the registry (cm-test/busybox:latest); "all" for every tag
#   SWARM_RELAY_IMAGE the app proxy's relay image, pushed too when the local engine has it (cm-relay:1; make
#                   relay-image builds it), so that relays run on the nodes by that name
#   SWARM_MANAGERS  1 (one manager, two workers) or 3 (three managers) (1)
#   SWARM_SUBNET    the nodes' /24: .1 the hub, .2 the host, .11 .12 .13 the nodes (unset: the first of 192.168.213
#                   to 192.168.219 that no address or route of the host's is in, so that two runs coexist; the
#                   tests' swarms set theirs, from 192.168.220 up)
#   SWARM_TIMEOUT   seconds each wait may take before up or down gives up (60)
#   SWARM_STOP_GRACE seconds down gives each engine to stop before it is killed (10)
#   SWARM_KEEP_LOGS a directory down copies the engines' logs into before it removes them (none)
#   SWARM_HEARTBEAT how often nodes report to the manager; a node is Down after about three missed (1s; Swarm's own
#                   default is 5s, with which a killed node is seen Down after about 12 s)
#
# `up` leaves $SWARM_DIR/swarm.env: the manager's socket, each node's socket, address, host name and swarm node ID,
# the registry's addresses, the nodes' subnet and the host's address and link on it. Nothing here ever calls the
# local engine but to tag, push and untag images, and nothing here sends traffic anywhere but to loopback and into
# the namespaces it made (the host's link to the hub included).
set -euo pipefail

prefix=${SWARM_PREFIX:-cm-swarm}
if [[ ! $prefix =~ ^[a-z][a-z0-9-]{0,23}$ || $prefix == docker* ]]; then
  echo "SWARM_PREFIX must be a lower-case letter then up to 23 of [a-z0-9-], and not docker*: $prefix" >&2
  exit 2
fi
action=${1:-status}
node_arg=
case $action in
stop-node | start-node | remove-node | rejoin-node) node_arg=${2:-} dir=${SWARM_DIR:-/run/$prefix} ;;
*) dir=${2:-${SWARM_DIR:-/run/$prefix}} ;;
esac
images=${SWARM_IMAGES:-cm-test/busybox:latest}
relay_image=${SWARM_RELAY_IMAGE:-cm-relay:1}
managers=${SWARM_MANAGERS:-1}
env_file=$dir/swarm.env
# A run that is up keeps its subnet (stop-node and start-node need the hub's address).
if [[ -z ${SWARM_SUBNET:-} && -f $env_file ]]; then
  SWARM_SUBNET=$(sed -n 's/^SWARM_SUBNET=//p' "$env_file")
fi
subnet=${SWARM_SUBNET:-}
hub_addr=$subnet.1
host_addr=$subnet.2
timeout=${SWARM_TIMEOUT:-60}
stop_grace=${SWARM_STOP_GRACE:-10}
heartbeat=${SWARM_HEARTBEAT:-1s}
nodes=3
hub=$prefix-hub
mirror_port=5000
# The host's end of its link to the hub: interface names have at most 15 characters, the prefix up to 24.
host_link=cmsw$(printf %s "$prefix" | sha256sum | cut -c1-8)
marker=$dir/.cm-swarm

log() { echo "[swarm $prefix] $*" >&2; }
die() {
  log "$*"
  exit 1
}

node_ns() { echo "$prefix-n$1"; }
node_addr() { echo "$subnet.$((10 + $1))"; }
node_sock() { echo "$dir/n$1/docker.sock"; }
node_docker() {
  local i=$1
  shift
  docker -H "unix://$(node_sock "$i")" "$@"
}
in_ns() {
  local ns=$1
  shift
  nsenter --net="/run/netns/$ns" "$@"
}

# Polls "$@" until it succeeds; fails after $timeout seconds. No fixed sleeps: a short pause between tries only.
wait_for() {
  local what=$1
  shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "gave up after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.1
  done
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Whether no address or route of the host's is in the /24 $1 (another swarm's host link, or a LAN of the host's).
subnet_free() {
  ! { ip -4 -o addr show; ip -4 route show; } | grep -q -e "[ /]$1\.[0-9]" -e "^$1\.[0-9]"
}

pick_subnet() {
  local third
  for third in $(seq 213 219); do
    if subnet_free "192.168.$third"; then
      echo "192.168.$third"
      return
    fi
  done
  die "no free /24 in 192.168.213.0 to 192.168.219.0 for the nodes: set SWARM_SUBNET"
}

need_tools() {
  [[ $(id -u) -eq 0 ]] || die "needs root (network namespaces, cgroups, engines)"
  local tool
  for tool in ip nsenter unshare dockerd docker curl; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: iproute2, util-linux, docker.io, curl)"
  done
  if ! command -v docker-registry >/dev/null; then
    log "Installing docker-registry from Debian's packages ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
  fi
}

registry_port_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

# A port for the push side of the registry, below the ephemeral range, free now.
pick_registry_port() {
  local port
  for port in $(shuf -i 15000-29999 -n 50); do
    if registry_port_free "$port"; then
      echo "$port"
      return
    fi
  done
  die "no free port for the registry"
}

write_registry_config() {
  local file=$1 addr=$2
  cat >"$file" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/registry/data
  delete:
    enabled: true
http:
  addr: $addr
YML
}

start_registry() {
  local port=$1
  mkdir -p "$dir/registry/data"
  write_registry_config "$dir/registry/push.yml" "127.0.0.1:$port"
  write_registry_config "$dir/registry/mirror.yml" "$hub_addr:$mirror_port"
  setsid docker-registry serve "$dir/registry/push.yml" >"$dir/registry/push.log" 2>&1 </dev/null &
  echo $! >"$dir/registry/push.pid"
  setsid nsenter --net="/run/netns/$hub" docker-registry serve "$dir/registry/mirror.yml" \
    >"$dir/registry/mirror.log" 2>&1 </dev/null &
  echo $! >"$dir/registry/mirror.pid"
  wait_for "the registry on 127.0.0.1:$port" curl -fsS "http://127.0.0.1:$port/v2/" ||
    die "the registry did not start; see $dir/registry/push.log"
  wait_for "the registry on $hub_addr:$mirror_port" in_ns "$hub" curl -fsS "http://$hub_addr:$mirror_port/v2/" ||
    die "the registry did not start in $hub; see $dir/registry/mirror.log"
}

# The path under which a node engine's mirror finds an image of Docker Hub's: library/ for official images.
# Prints nothing for an image of another registry (a mirror serves Docker Hub's names only).
mirror_path() {
  local name=$1 first
  name=${name#docker.io/}
  first=${name%%/*}
  if [[ $name != */* ]]; then
    echo "library/$name"
  elif [[ $first == *.* || $first == *:* || $first == localhost ]]; then
    return 0
  else
    echo "$name"
  fi
}

push_images() {
  local port=$1 image path list
  if [[ $images == all ]]; then
    list=$(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -v '<none>' | grep -v "^127.0.0.1:$port/" || true)
  else
    list=$images
  fi
  if [[ -n $relay_image && " $list " != *" $relay_image "* ]]; then
    if docker image inspect "$relay_image" >/dev/null 2>&1; then
      list="$list $relay_image"
    else
      log "no relay image $relay_image on the local engine (make relay-image): the app proxy cannot reach apps"
    fi
  fi
  for image in $list; do
    [[ $image == *:* && ${image##*/} == *:* ]] || image=$image:latest
    path=$(mirror_path "$image")
    if [[ -z $path ]]; then
      log "skipped $image: not a Docker Hub name, a mirror cannot serve it"
      continue
    fi
    docker image inspect "$image" >/dev/null 2>&1 || die "the local engine has no image $image (make test-image?)"
    # A tag of the registry's own address for the push only, removed at once (and by down, if this is cut short).
    docker tag "$image" "127.0.0.1:$port/$path"
    docker push -q "127.0.0.1:$port/$path" >/dev/null || die "pushing $image to 127.0.0.1:$port failed"
    docker rmi "127.0.0.1:$port/$path" >/dev/null
    log "pushed $image"
  done
}

make_network() {
  local i ns
  ip netns add "$hub"
  ip -n "$hub" link set lo up
  ip -n "$hub" link add br0 type bridge
  ip -n "$hub" addr add "$hub_addr/24" dev br0
  ip -n "$hub" link set br0 up
  for ((i = 1; i <= nodes; i++)); do
    ns=$(node_ns "$i")
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # The pair is made inside the hub, one end moved at once into the node: nothing appears in the host's namespace.
    ip -n "$hub" link add "v$i" type veth peer name eth0 netns "$ns"
    ip -n "$hub" link set "v$i" master br0 up
    ip -n "$ns" addr add "$(node_addr "$i")/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  # The host on the nodes' LAN: its end in the host's namespace, the other on the hub's bridge. Only the /24's own
  # route appears on the host (no forwarding, no default route through it).
  ip link add "$host_link" type veth peer name host netns "$hub"
  ip -n "$hub" link set host master br0 up
  ip addr add "$host_addr/24" dev "$host_link"
  ip link set "$host_link" up
}

start_engine() {
  local i=$1 ns
  ns=$(node_ns "$i")
  mkdir -p "$dir/n$i/data" "$dir/n$i/exec"
  # No DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1: with it a node engine never pulls a task's image (not even one it
  # lacks: "No such image"), so images would have to be loaded into every node; through the registry a node pulls
  # what it lacks, and an image pinned by digest (docker service create pins it) that it has is not pulled again.
  # --no-new-privileges: a service's spec cannot ask for it before API 1.46 (Engine 27), and the Docker adapter sets
  # it on every container, so the node engines set it on every container they run.
  # A mount and UTS namespace of its own: its mounts stay private and vanish with it; /run/docker and /run/containerd
  # are private tmpfs, so that it neither finds the local engine's containerd nor leaves sockets on the host.
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid nsenter --net="/run/netns/$ns" unshare --mount --uts --propagation private -- sh -c '
      hostname "$1" && shift
      mount -t tmpfs -o mode=0711 cm-swarm /run/docker
      mount -t tmpfs -o mode=0711 cm-swarm /run/containerd
      exec "$@"' sh "$ns" \
    dockerd \
    --data-root "$dir/n$i/data" --exec-root "$dir/n$i/exec" --pidfile "$dir/n$i/dockerd.pid" \
    -H "unix://$(node_sock "$i")" --cgroup-parent "/$ns" \
    --registry-mirror "http://$hub_addr:$mirror_port" --insecure-registry "$hub_addr:$mirror_port" \
    --no-new-privileges \
    >"$dir/n$i/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/n$i/launcher.pid"
}

nodes_ready() {
  local ready
  ready=$(node_docker 1 node ls --format '{{.Status}} {{.Availability}}' | grep -c '^Ready Active$' || true)
  [[ $ready -eq $nodes ]]
}

make_swarm() {
  local i token role
  node_docker 1 swarm init --advertise-addr "$(node_addr 1)" --listen-addr "$(node_addr 1):2377" \
    --dispatcher-heartbeat "$heartbeat" >/dev/null
  for ((i = 2; i <= nodes; i++)); do
    role=worker
    ((managers == 3)) && role=manager
    token=$(node_docker 1 swarm join-token -q "$role")
    node_docker "$i" swarm join --token "$token" --advertise-addr "$(node_addr "$i")" \
      --listen-addr "$(node_addr "$i"):2377" "$(node_addr 1):2377" >/dev/null
  done
  wait_for "$nodes nodes Ready" nodes_ready || die "the swarm's nodes did not become Ready"
}

write_env() {
  local port=$1 i
  {
    echo "# scripts/swarm.sh up, $(date -u +%FT%TZ); source it, e.g. docker -H \"\$SWARM_MANAGER_HOST\" node ls"
    echo "SWARM_PREFIX=$prefix"
    echo "SWARM_DIR=$dir"
    echo "SWARM_MANAGER_HOST=unix://$(node_sock 1)"
    echo "SWARM_NODES=$nodes"
    for ((i = 1; i <= nodes; i++)); do
      echo "SWARM_NODE${i}_HOST=unix://$(node_sock "$i")"
      echo "SWARM_NODE${i}_ADDR=$(node_addr "$i")"
      echo "SWARM_NODE${i}_NAME=$(node_ns "$i")"
      echo "SWARM_NODE${i}_ID=$(node_docker "$i" info --format '{{.Swarm.NodeID}}')"
      echo "SWARM_NODE${i}_NETNS=$(node_ns "$i")"
    done
    echo "SWARM_REGISTRY_PUSH=127.0.0.1:$port"
    echo "SWARM_REGISTRY_MIRROR=http://$hub_addr:$mirror_port"
    echo "SWARM_SUBNET=$subnet"
    echo "SWARM_HOST_ADDR=$host_addr"
    echo "SWARM_HOST_LINK=$host_link"
  } >"$env_file.tmp"
  mv "$env_file.tmp" "$env_file"
}

up() {
  need_tools
  if [[ -f $env_file ]] && status >/dev/null 2>&1; then
    log "already up: $env_file"
    return 0
  fi
  if [[ -e $dir || -e /run/netns/$hub ]]; then
    log "a partial run is left: removing it first"
    down
  fi
  if [[ -z $subnet ]]; then
    subnet=$(pick_subnet)
  elif ! subnet_free "$subnet"; then
    die "the host has an address or route in $subnet.0/24 already (another swarm?): set another SWARM_SUBNET"
  fi
  hub_addr=$subnet.1
  host_addr=$subnet.2
  mkdir -p "$dir"
  touch "$marker"
  local port i
  port=$(pick_registry_port)
  echo "$port" >"$dir/registry.port"
  make_network
  start_registry "$port"
  push_images "$port"
  for ((i = 1; i <= nodes; i++)); do start_engine "$i"; done
  for ((i = 1; i <= nodes; i++)); do
    wait_for "node $i's engine" node_docker "$i" version || die "node $i's engine did not answer; see $dir/n$i/dockerd.log"
  done
  make_swarm
  write_env "$port"
  log "up: $nodes nodes, manager unix://$(node_sock 1); env in $env_file"
}

# Everything of this prefix goes, whether up finished or not; safe to run again.
down() {
  local i ns pid port cg began=$SECONDS
  if [[ -e $dir && ! -e $marker ]]; then
    die "$dir exists but is not a run directory of this script (no $marker): not touching it"
  fi
  # The services go first (every node stops its tasks at once); each engine stops what else runs as it ends.
  if [[ -S $(node_sock 1) ]]; then
    node_docker 1 service ls -q 2>/dev/null | xargs -r docker -H "unix://$(node_sock 1)" service rm >/dev/null 2>&1 || true
  fi
  for ((i = 1; i <= nodes; i++)); do
    if pid_alive "$dir/n$i/dockerd.pid"; then kill -TERM "$(cat "$dir/n$i/dockerd.pid")" 2>/dev/null || true; fi
  done
  # A graceful stop is a courtesy here (everything of the node goes anyway): an engine not gone in time is killed.
  for ((i = 1; i <= nodes; i++)); do
    if [[ -f $dir/n$i/dockerd.pid ]]; then
      timeout=$stop_grace wait_for "node $i's engine to stop" bash -c "! kill -0 $(cat "$dir/n$i/dockerd.pid") 2>/dev/null" ||
        kill -KILL "$(cat "$dir/n$i/dockerd.pid")" 2>/dev/null || true
    fi
  done
  log "engines stopped after $((SECONDS - began)) s"
  if [[ -n ${SWARM_KEEP_LOGS:-} ]]; then
    mkdir -p "$SWARM_KEEP_LOGS"
    for ((i = 1; i <= nodes; i++)); do cp "$dir/n$i/dockerd.log" "$SWARM_KEEP_LOGS/$prefix-n$i.log" 2>/dev/null || true; done
  fi
  # Whatever still runs in a namespace of ours (a shim, the mirror) or in a cgroup of ours (a container's process,
  # in a network namespace of its container's) is ours: it goes.
  for ns in "$hub" $(for ((i = 1; i <= nodes; i++)); do node_ns "$i"; done); do
    [[ -e /run/netns/$ns ]] || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    wait_for "the processes in $ns to end" bash -c "[[ -z \$(ip netns pids $ns) ]]" || true
  done
  for ((i = 1; i <= nodes; i++)); do
    for cg in /sys/fs/cgroup/*/"$(node_ns "$i")" /sys/fs/cgroup/"$(node_ns "$i")"; do
      [[ -d $cg ]] || continue
      while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < <(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null)
    done
  done
  for ns in "$hub" $(for ((i = 1; i <= nodes; i++)); do node_ns "$i"; done); do
    if [[ -e /run/netns/$ns ]]; then ip netns delete "$ns"; fi
  done
  # The hub's end went with its namespace, and the pair with it; a pair left half-made goes here.
  if ip link show "$host_link" >/dev/null 2>&1; then ip link delete "$host_link"; fi
  for pid in "$dir/registry/push.pid" "$dir/registry/mirror.pid" $(for ((i = 1; i <= nodes; i++)); do echo "$dir/n$i/launcher.pid"; done); do
    if pid_alive "$pid"; then kill -TERM "$(cat "$pid")" 2>/dev/null || true; fi
  done
  for pid in "$dir/registry/push.pid" "$dir/registry/mirror.pid"; do
    if [[ -f $pid ]]; then
      wait_for "the registry to stop" bash -c "! kill -0 $(cat "$pid") 2>/dev/null" || kill -KILL "$(cat "$pid")" 2>/dev/null || true
    fi
  done
  # The cgroups the engines made under their parents, deepest first (each is empty once its processes are gone).
  for ((i = 1; i <= nodes; i++)); do
    for cg in /sys/fs/cgroup/*/"$(node_ns "$i")" /sys/fs/cgroup/"$(node_ns "$i")"; do
      [[ -d $cg ]] || continue
      find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
      wait_for "cgroup $cg to go" bash -c "! [[ -d $cg ]] || find $cg -depth -type d -exec rmdir {} + 2>/dev/null" ||
        log "could not remove cgroup $cg"
    done
  done
  # Tags of the registry's push address left on the local engine by a push that was cut short.
  if [[ -f $dir/registry.port ]]; then
    port=$(cat "$dir/registry.port")
    docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^127.0.0.1:$port/" | xargs -r docker rmi >/dev/null 2>&1 || true
  fi
  if [[ -e $dir ]]; then
    # Nothing should be mounted below it (the engines' mounts were private to them); if anything is, unmount it.
    findmnt -rn -o TARGET | grep "^$dir/" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
  fi
  # ip netns add mounts /run/netns on itself; once no namespace is left in it, that mount is only its bookkeeping
  # (made again by the next ip netns add), so it goes too, whichever run made it.
  if mountpoint -q /run/netns 2>/dev/null && [[ -z $(ls -A /run/netns) ]]; then
    umount /run/netns 2>/dev/null || true
  fi
  log "down: nothing of $prefix is left ($((SECONDS - began)) s)"
}

status() {
  [[ -f $env_file ]] || {
    echo "$prefix: not up (no $env_file)"
    return 1
  }
  local i ok=0
  cat "$env_file"
  for ((i = 1; i <= nodes; i++)); do
    if node_docker "$i" version >/dev/null 2>&1; then
      echo "node $i: engine answers"
    else
      echo "node $i: engine does not answer"
      ok=1
    fi
  done
  if ((ok == 0)); then
    node_docker 1 node ls || ok=1
  fi
  curl -fsS "http://$(grep '^SWARM_REGISTRY_PUSH=' "$env_file" | cut -d= -f2)/v2/_catalog" || ok=1
  return $ok
}

# A node's engine killed (SIGKILL, as a crash: its containers' processes go with it) or started again (it rejoins
# the swarm from its data root): for the node-failure tests. The namespace, address and data stay.
stop_node() {
  local i=$1
  [[ $i =~ ^[1-3]$ ]] || die "no node $i"
  [[ -f $env_file ]] || die "not up"
  kill_node_processes "$i"
  log "node $i's engine killed"
}

# Every process of node N (its engine, containerd, shims, containers) killed, and its pid files forgotten.
kill_node_processes() {
  local i=$1 cg pid
  if pid_alive "$dir/n$i/dockerd.pid"; then kill -KILL "$(cat "$dir/n$i/dockerd.pid")"; fi
  for pid in $(ip netns pids "$(node_ns "$i")"); do kill -KILL "$pid" 2>/dev/null || true; done
  for cg in /sys/fs/cgroup/*/"$(node_ns "$i")" /sys/fs/cgroup/"$(node_ns "$i")"; do
    [[ -d $cg ]] || continue
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < <(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null)
  done
  wait_for "node $i's processes to end" bash -c "[[ -z \$(ip netns pids $(node_ns "$i")) ]]" || die "node $i did not stop"
  forget_pids "$i"
}

# A killed engine leaves its pid files: the engine started next reads containerd's, and when another process has
# since taken that pid it waits for "containerd is still running" and never answers (seen in make test).
forget_pids() {
  rm -f "$dir/n$1/dockerd.pid" "$dir/n$1/exec/containerd/containerd.pid" "$(node_sock "$1")"
}

start_node() {
  local i=$1
  [[ $i =~ ^[1-3]$ ]] || die "no node $i"
  [[ -f $env_file ]] || die "not up"
  if node_docker "$i" version >/dev/null 2>&1; then
    log "node $i's engine already answers"
    return 0
  fi
  local attempt
  for attempt in 1 2 3; do
    forget_pids "$i"
    start_engine "$i"
    if timeout=20 wait_for "node $i's engine" node_docker "$i" version; then
      log "node $i's engine started"
      return 0
    fi
    log "node $i's engine did not answer (attempt $attempt; $dir/n$i/dockerd.log: $(tail -1 "$dir/n$i/dockerd.log" 2>/dev/null))"
    kill_node_processes "$i"
  done
  die "node $i's engine did not answer; see $dir/n$i/dockerd.log"
}

# A node removed from the swarm for good (it leaves, and the manager forgets it: `docker node rm`), as when a machine
# is retired; its engine goes on outside the swarm. Then joined again as a new worker (a new node ID, the same name
# and address), and swarm.env written anew: for the lost-node tests, which must leave a three-node swarm behind.
remove_node() {
  local i=$1 id
  [[ $i =~ ^[2-3]$ ]] || die "node $i cannot be removed (only a worker, 2 or 3)"
  [[ -f $env_file ]] || die "not up"
  id=$(node_docker "$i" info --format '{{.Swarm.NodeID}}')
  node_docker "$i" swarm leave --force >/dev/null
  wait_for "node $i to be seen down" bash -c "[[ \$(docker -H unix://$(node_sock 1) node inspect -f '{{.Status.State}}' $id) == down ]]" ||
    die "the manager did not see node $i leave"
  node_docker 1 node rm --force "$id" >/dev/null
  log "node $i ($id) removed from the swarm"
}

rejoin_node() {
  local i=$1 token port
  [[ $i =~ ^[2-3]$ ]] || die "node $i cannot rejoin (only a worker, 2 or 3)"
  [[ -f $env_file ]] || die "not up"
  if [[ $(node_docker "$i" info --format '{{.Swarm.LocalNodeState}}') == active ]]; then
    log "node $i is in the swarm"
    return 0
  fi
  token=$(node_docker 1 swarm join-token -q worker)
  node_docker "$i" swarm join --token "$token" --advertise-addr "$(node_addr "$i")" \
    --listen-addr "$(node_addr "$i"):2377" "$(node_addr 1):2377" >/dev/null
  wait_for "$nodes nodes Ready" nodes_ready || die "node $i did not become Ready again"
  port=$(sed -n 's/^SWARM_REGISTRY_PUSH=127.0.0.1://p' "$env_file")
  write_env "$port"
  log "node $i joined the swarm again as $(node_docker "$i" info --format '{{.Swarm.NodeID}}')"
}

# make swarm-nodes: up, how to use it, and down on Ctrl-C (or when this script is told to end).
foreground() {
  local sleeper=
  # shellcheck disable=SC2317 # called by the trap
  stop_all() {
    trap - INT TERM
    [[ -z $sleeper ]] || kill "$sleeper" 2>/dev/null || true
    echo >&2
    down
    exit 0
  }
  trap stop_all INT TERM
  (up) || {
    down
    exit 1
  }
  cat <<TXT

A three-node swarm is up ($prefix). In another shell:

  source $env_file
  docker -H "\$SWARM_MANAGER_HOST" node ls
  docker -H "\$SWARM_MANAGER_HOST" service create --name hello --constraint node.hostname==$(node_ns 2) \\
      --endpoint-mode dnsrr ${images%% *} sleep 1d
  docker -H "\$SWARM_NODE2_HOST" ps          # the task's container, on node 2's own engine

Images the nodes can run: ${images}, by those names (through the registry at \$SWARM_REGISTRY_PUSH;
push more with: docker tag IMAGE \$SWARM_REGISTRY_PUSH/IMAGE && docker push \$SWARM_REGISTRY_PUSH/IMAGE).
Ctrl-C removes all of it.
TXT
  # Waits for the signal; sleep runs in the background so that the trap runs as soon as it comes.
  while :; do
    sleep 86400 &
    sleeper=$!
    wait "$sleeper" || true
  done
}

case $action in
up) up ;;
foreground) foreground ;;
stop-node) stop_node "$node_arg" ;;
start-node) start_node "$node_arg" ;;
remove-node) remove_node "$node_arg" ;;
rejoin-node) rejoin_node "$node_arg" ;;
down) down ;;
status) status ;;
*)
  echo "usage: $0 up|down|status|foreground [DIR], or $0 stop-node|start-node|remove-node|rejoin-node N" >&2
  exit 2
  ;;
esac
