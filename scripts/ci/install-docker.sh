#!/usr/bin/env bash
# Installs what the real-Docker test harness (test/docker/) needs: Debian's docker.io engine
# (dockerd + containerd + runc) and debootstrap to make base images without a registry.
# Idempotent and quiet: does nothing when every tool is already there.
set -euo pipefail

# A non-login shell's PATH may lack the sbin directories where dockerd and debootstrap live.
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

need=()
have dockerd     || need+=(docker.io)
have containerd  || need+=(containerd)
have runc        || need+=(runc)
have debootstrap || need+=(debootstrap)
# debootstrap verifies Release signatures with this keyring; a slimmed machine may lack it.
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
[ "${#need[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-docker.sh: need root to apt-get install ${need[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# docker.io's postinst would start a system-wide dockerd; the harness runs its own private one,
# so keep services from starting unless the machine already has a policy in place.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  made_policy=1
fi
cleanup() { [ -z "$made_policy" ] || rm -f "$policy"; }
trap cleanup EXIT

log=$(mktemp)
# Other setup steps may hold the dpkg lock at the same moment; wait for it rather than fail.
apt=(apt-get -qq -o DPkg::Lock::Timeout=600)
if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  echo "install-docker.sh: apt-get install ${need[*]} failed" >&2
  exit 1
fi
rm -f "$log"
echo "install-docker.sh: installed ${need[*]}"
