#!/usr/bin/env bash
# Runs the built service in the foreground, the way `make run` and `make bench` do. The jar is extracted once and
# a class-data cache is trained from a start-up of it (JDK 25: AOT cache; JDK 21-24: CDS archive), which cuts the
# time to ready by about two thirds. Without a cache (training failed) the service still runs, only slower.
# `run.sh --prepare` only extracts and trains, so that several instances can then start at once (make cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

JAVA_HOME=${JAVA_HOME:-$(scripts/java-home.sh)}
java="$JAVA_HOME/bin/java"
jar=target/container-manager.jar
app=target/app
read -r -a jvm_opts <<<"${RUN_JVM_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}"

major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if (( ${major%%.*} >= 25 )); then
  cache=$root/target/app.aot train_flag=-XX:AOTCacheOutput=$cache use_flag=-XX:AOTCache=$cache
else
  cache=$root/target/app.jsa train_flag=-XX:ArchiveClassesAtExit=$cache use_flag=-XX:SharedArchiveFile=$cache
fi

if [[ ! -f "$app/container-manager.jar" || "$jar" -nt "$app/container-manager.jar" ]]; then
  rm -rf "$app" "$cache"
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
fi

if [[ ! -f "$cache" ]]; then
  echo "Training the start-up cache (once per build) ..." >&2
  training=$(mktemp -d)
  if ! (cd "$training" && DATA_DIR="$training/data" SERVER_PORT=0 MANAGEMENT_SERVER_PORT=0 "$java" "${jvm_opts[@]}" "$train_flag" \
        -Dspring.context.exit=onRefresh -jar "$OLDPWD/$app/container-manager.jar" >"$training/log" 2>&1); then
    echo "Start-up cache training failed; the service runs without it" >&2
    rm -f "$cache"
  fi
  # The training run halts at once (spring.context.exit), without stopping its embedded PostgreSQL: stop it here,
  # and let it finish writing before its folder goes (a leftover temporary folder is no reason to fail).
  postmaster=$(head -1 "$training/data/postgres/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$postmaster" ]] && kill -INT "$postmaster" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$training" 2>/dev/null || true
fi

if [[ "${1:-}" == --prepare ]]; then
  exit 0
fi

cache_opts=()
[[ -f "$cache" ]] && cache_opts=("$use_flag")
exec "$java" "${jvm_opts[@]}" "${cache_opts[@]}" -jar "$app/container-manager.jar" "$@"
