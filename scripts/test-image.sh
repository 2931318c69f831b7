#!/usr/bin/env bash
# Builds the small local image the integration tests run (no registry is reachable): Debian's busybox-static, imported.
set -euo pipefail
image=${1:-cm-test/busybox:latest}

if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi

busybox=$(command -v busybox || true)
if [[ -z "$busybox" ]] || ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  if [[ -x /bin/busybox ]] && ldd /bin/busybox 2>&1 | grep -q 'not a dynamic'; then
    busybox=/bin/busybox
  else
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
    busybox=/bin/busybox
  fi
fi

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/files"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$rootfs/bin/busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
done
tar -C "$rootfs" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - "$image" >/dev/null
echo "Built test image $image" >&2
