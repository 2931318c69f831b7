#!/usr/bin/env bash
# Safety net after the integration tests (which clean up after each test): remove any container still carrying the
# test label, e.g. after a test JVM was killed.
set -euo pipefail
ids=$(docker ps -aq --filter label=container-manager.test-run)
if [[ -n "$ids" ]]; then
  echo "Removing $(wc -w <<<"$ids") container(s) left by tests" >&2
  docker rm -f $ids >/dev/null
fi
