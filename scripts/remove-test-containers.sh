#!/usr/bin/env bash
# Safety net after the integration tests (which clean up after each test): remove any container, then any network,
# still carrying this run's test label (argument 1), e.g. after a test JVM was killed. Without an argument, every
# test run's containers and networks.
set -euo pipefail
filter=container-manager.test-run${1:+=$1}
mapfile -t ids < <(docker ps -aq --filter "label=$filter")
if (( ${#ids[@]} > 0 )); then
  echo "Removing ${#ids[@]} container(s) left by tests" >&2
  docker rm -f "${ids[@]}" >/dev/null
fi
mapfile -t networks < <(docker network ls -q --filter "label=$filter")
if (( ${#networks[@]} > 0 )); then
  echo "Removing ${#networks[@]} network(s) left by tests" >&2
  docker network rm "${networks[@]}" >/dev/null
fi
