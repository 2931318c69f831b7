#!/usr/bin/env bash
# Safety net after the integration tests (which clean up after each test): remove any container, then any network
# and any volume (detaching its file system image's loop device and removing the image), still carrying this run's
# test label (argument 1), e.g. after a test JVM was killed. Each of Failsafe's test JVMs labels with the run's id and
# its fork number (<run id>-fork<n>), so both match. Without an argument, every test run's.
set -euo pipefail
key=container-manager.test-run
run=${1:-}
# A local swarm of the swarm's tests (support/LocalSwarm writes the run's id beside it) whose JVM was killed before
# it took the swarm down: its namespaces, engines and cgroups go first.
for marker in /run/cmit-*/test-run; do
  [[ -f $marker ]] || continue
  value=$(<"$marker")
  if [[ -z $run || $value == "$run" || $value == "$run"-* ]]; then
    prefix=$(basename "$(dirname "$marker")")
    echo "Taking down the local swarm $prefix left by tests" >&2
    SWARM_PREFIX=$prefix "$(dirname "$0")"/swarm.sh down >/dev/null || true
  fi
done
# Ids (or names) of the objects that `docker <kind> ls` lists with this run's label.
labelled() {
  local id value
  while read -r id value; do
    if [[ -z $run || $value == "$run" || $value == "$run"-* ]]; then echo "$id"; fi
  done < <(docker "$1" ls ${2:+"$2"} --filter "label=$key" --format "{{.${3}}} {{.Label \"$key\"}}")
}
mapfile -t ids < <(labelled container -a ID)
if (( ${#ids[@]} > 0 )); then
  echo "Removing ${#ids[@]} container(s) left by tests" >&2
  docker rm -f "${ids[@]}" >/dev/null
fi
mapfile -t networks < <(labelled network "" ID)
if (( ${#networks[@]} > 0 )); then
  echo "Removing ${#networks[@]} network(s) left by tests" >&2
  docker network rm "${networks[@]}" >/dev/null
fi
mapfile -t volumes < <(labelled volume "" Name)
if (( ${#volumes[@]} > 0 )); then
  echo "Removing ${#volumes[@]} volume(s) left by tests" >&2
  for volume in "${volumes[@]}"; do
    # The device option names a link beside the image: <dir>/<id>.dev and <dir>/<id>.ext4.
    device=$(docker volume inspect --format '{{index .Options "device"}}' "$volume" 2>/dev/null || true)
    docker volume rm "$volume" >/dev/null || continue
    if [[ $device == *.dev ]]; then
      image=${device%.dev}.ext4
      if [[ -f $image ]]; then
        losetup -j "$image" | cut -d: -f1 | xargs -r -n1 losetup -d || true
        rm -f "$image"
      fi
      rm -f "$device"
    fi
  done
fi
