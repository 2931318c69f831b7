#!/usr/bin/env bash
# Makes sure Keycloak's server distribution is unpacked in the cache folder, for the single sign-on tests, which start
# it in dev mode. It comes from Maven Central (org.keycloak:keycloak-quarkus-dist), through the Maven wrapper, like
# every other dependency: nothing else is downloaded. Once per machine: unpacking, then one start in dev mode, which
# rebuilds the distribution for dev mode (about 35 s here) so that no test pays for it. Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${KEYCLOAK_VERSION:-26.7.3}
cache=${CM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/container-manager}
home="$cache/keycloak-$version"

if [[ -f "$home/.ready" ]]; then
  echo "$home"
  exit 0
fi
mkdir -p "$cache"
# Two builds (two checkouts) may get here at once: one prepares, the other waits for it.
exec 9>"$cache/keycloak-$version.lock"
flock 9
if [[ -f "$home/.ready" ]]; then
  echo "$home"
  exit 0
fi

export JAVA_HOME=${JAVA_HOME:-$(scripts/java-home.sh)}
work=$(mktemp -d "$cache/keycloak-unpack.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "Fetching Keycloak $version (org.keycloak:keycloak-quarkus-dist) from Maven Central ..." >&2
./mvnw -B -q --no-transfer-progress dependency:copy \
  "-Dartifact=org.keycloak:keycloak-quarkus-dist:$version:tar.gz" "-DoutputDirectory=$work" >&2
tar xzf "$work/keycloak-quarkus-dist-$version.tar.gz" -C "$work"
rm -rf "$home"
mv "$work/keycloak-$version" "$home"

# One start in dev mode on a free loopback port, stopped once it answers.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "Preparing Keycloak for dev mode (one start, about a minute) ..." >&2
"$home/bin/kc.sh" start-dev --db=dev-mem --http-host=127.0.0.1 "--http-port=$port" >"$work/first-start.log" 2>&1 &
kc=$!
ready=false
for _ in $(seq 1 600); do
  if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$port/realms/master/.well-known/openid-configuration" 2>/dev/null; then
    ready=true
    break
  fi
  kill -0 "$kc" 2>/dev/null || break
  sleep 0.5
done
pkill -TERM -P "$kc" 2>/dev/null || true
kill "$kc" 2>/dev/null || true
wait "$kc" 2>/dev/null || true
if [[ $ready != true ]]; then
  echo "Keycloak did not start; its output:" >&2
  tail -40 "$work/first-start.log" >&2
  exit 1
fi
touch "$home/.ready"
echo "$home"
