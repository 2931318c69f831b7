#!/usr/bin/env bash
# Safety net after the integration tests (which clean up after each test): remove any container still carrying this
# run's test label (argument 1), e.g. after a test JVM was killed. Without an argument, every test run's containers.
set -euo pipefail
filter=container-manager.test-run${1:+=$1}
ids=$(docker ps -aq --filter "label=$filter")
if [[ -n "$ids" ]]; then
  echo "Removing $(wc -w <<<"$ids") container(s) left by tests" >&2
  docker rm -f $ids >/dev/null
fi
