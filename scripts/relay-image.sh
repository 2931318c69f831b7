#!/usr/bin/env bash
# Builds the app proxy's relay image (proxy.relay_image, default cm-relay:1): relay/cm-relay.c compiled statically
# with the host's gcc, alone in an imported image. Rebuilt when the source changed (its hash is a label of the image).
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-cm-relay:1}
source=relay/cm-relay.c
hash=$(sha256sum "$source" | cut -c1-16)

if [[ $(docker image inspect --format '{{index .Config.Labels "cm.relay.source"}}' "$image" 2>/dev/null || true) == "$hash" ]]; then
  exit 0
fi

if ! command -v gcc >/dev/null || [[ ! -e /usr/lib/x86_64-linux-gnu/libc.a && ! -e /usr/lib/aarch64-linux-gnu/libc.a ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
gcc -static -O2 -Wall -Wextra -Werror -pthread -o "$rootfs/cm-relay" "$source"
strip "$rootfs/cm-relay"
tar -C "$rootfs" --owner=0 --group=0 -c cm-relay | docker import \
  -c 'ENTRYPOINT ["/cm-relay"]' -c 'USER 65534:65534' -c "LABEL cm.relay.source=$hash" - "$image" >/dev/null
echo "Built relay image $image" >&2
