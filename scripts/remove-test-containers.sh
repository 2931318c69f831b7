#!/usr/bin/env bash
# Safety net after the integration tests (which clean up after each test): remove any container still carrying this
# run's test label (argument 1), e.g. after a test JVM was killed. Without an argument, every test run's containers.
set -euo pipefail
filter=container-manager.test-run${1:+=$1}
mapfile -t ids < <(docker ps -aq --filter "label=$filter")
if (( ${#ids[@]} > 0 )); then
  echo "Removing ${#ids[@]} container(s) left by tests" >&2
  docker rm -f "${ids[@]}" >/dev/null
fi
