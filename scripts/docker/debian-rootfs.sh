#!/usr/bin/env bash
# Makes root-filesystem tarballs for local stand-ins of Docker Hub's debian:<release> and
# debian:<release>-slim images, so the real-Docker tests can build FROM them without a registry.
#
#   debian-rootfs.sh RELEASE FULL_TAR|- SLIM_TAR|-
#
# One debootstrap serves both variants: the full tarball is written first, then the same tree is
# slimmed in place. Import a tarball with `docker import -c 'CMD ["bash"]' - debian:<tag> < X.tar`.
#
# The recipe follows what docker-library's images are made with (debuerreotype): a minbase
# debootstrap, the container "minimizing" apt/dpkg configuration (it changes what later
# `apt-get install` layers contain, so estimates compared against these images must have it), and
# for -slim the dpkg path-exclude rules that drop docs, man pages and translations.
#
# Needs root (debootstrap, chroot). The cache key in test/docker/engine.ts hashes this file, so any
# edit here rebuilds the cached tarballs.
set -euo pipefail

release=${1:?usage: debian-rootfs.sh RELEASE FULL_TAR|- SLIM_TAR|-}
full_out=${2:?missing FULL_TAR (or -)}
slim_out=${3:?missing SLIM_TAR (or -)}

# The mirror apt on this machine already reaches; other hosts are not reachable from CI.
host_uri() { # $1: path suffix ("debian" or "debian-security")
  local uri
  uri=$(grep -hsE "^(URIs:|deb )" /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list \
    | grep -oE "https?://[^ ]+/$1/?( |$)" | head -n1 | tr -d ' ') || true
  echo "${uri%/}"
}
mirror=${DOCKERLEAN_DEBIAN_MIRROR:-$(host_uri debian)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DOCKERLEAN_DEBIAN_SECURITY_MIRROR:-$(host_uri debian-security)}
security=${security:-http://deb.debian.org/debian-security}

root=$(mktemp -d "${TMPDIR:-/tmp}/dockerlean-rootfs.XXXXXX")
log="$root.log"
cleanup() {
  # An interrupted debootstrap leaves /proc and /sys mounted inside the tree; rm -rf would
  # otherwise walk into the host's /proc.
  local m
  for m in $(awk -v r="$root" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf "$root" "$log"
  [ "$full_out" = - ] || rm -f "$full_out.tmp.$$"
  [ "$slim_out" = - ] || rm -f "$slim_out.tmp.$$"
}
trap cleanup EXIT

if ! debootstrap --variant=minbase "$release" "$root" "$mirror" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "debian-rootfs.sh: debootstrap $release from $mirror failed" >&2
  exit 1
fi

# --- container minimizing configuration (same effect as debuerreotype-minimizing-config) ---
cat > "$root/usr/sbin/policy-rc.d" <<'EOT'
#!/bin/sh
# Services cannot start during `docker build`; refusing keeps package installs from failing.
exit 101
EOT
chmod 0755 "$root/usr/sbin/policy-rc.d"

mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
echo 'force-unsafe-io' > "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"

clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
cat > "$root/etc/apt/apt.conf.d/docker-clean" <<EOT
DPkg::Post-Invoke { $clean };
APT::Update::Post-Invoke { $clean };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOT
echo 'Acquire::GzipIndexes "true";' > "$root/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
chmod 0644 "$root"/etc/apt/apt.conf.d/docker-* "$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"

# Official images since bookworm ship deb822 sources with updates and security.
rm -f "$root/etc/apt/sources.list"
mkdir -p "$root/etc/apt/sources.list.d"
cat > "$root/etc/apt/sources.list.d/debian.sources" <<EOT
Types: deb
URIs: $mirror
Suites: $release $release-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $release-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT

# --- drop build-time leftovers that official images do not carry ---
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/*
mkdir -p "$root/var/lib/apt/lists/partial"
rm -f "$root/var/log/dpkg.log" "$root/var/log/bootstrap.log" "$root/var/log/alternatives.log" \
      "$root/var/log/apt/history.log" "$root/var/log/apt/term.log" \
      "$root/var/cache/ldconfig/aux-cache" "$root/run/mount/utab"
# Docker bind-mounts these at run time; the host's values must not leak into the image.
: > "$root/etc/resolv.conf"
: > "$root/etc/hostname"

write_tar() { # $1: output path
  tar -C "$root" --numeric-owner --xattrs \
      --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' \
      -cf "$1.tmp.$$" .
  mv -f "$1.tmp.$$" "$1"
}

[ "$full_out" = - ] || write_tar "$full_out"
[ "$slim_out" = - ] && exit 0

# --- slim variant ---
# Same directories and exceptions as docker-library's slim images; the dpkg rules keep packages
# installed later from bringing the files back, the find below removes what is already there.
excludes=('/usr/share/doc/*' '/usr/share/groff/*' '/usr/share/info/*' '/usr/share/linda/*'
          '/usr/share/lintian/overrides/*' '/usr/share/locale/*' '/usr/share/man/*')
includes=('/usr/share/doc/*/copyright' '/usr/share/doc/kde/HTML/C/*' '/usr/share/gnome/help/*/C/*'
          '/usr/share/locale/all_languages' '/usr/share/locale/currency/*' '/usr/share/locale/l10n/*'
          '/usr/share/locale/languages' '/usr/share/locale/locale.alias' '/usr/share/omf/*/*-C.emf')
{
  echo '# Slim variant: files containers seldom need are not unpacked by dpkg.'
  for p in "${excludes[@]}"; do echo "path-exclude $p"; done
  for p in "${includes[@]}"; do echo "path-include $p"; done
} > "$root/etc/dpkg/dpkg.cfg.d/docker"
chmod 0644 "$root/etc/dpkg/dpkg.cfg.d/docker"

keep=()
for p in "${includes[@]}"; do
  [ "${#keep[@]}" -eq 0 ] || keep+=(-o)
  keep+=(-path "$p")
done
for p in "${excludes[@]}"; do
  dir=${p%/\*}
  [ -d "$root$dir" ] || continue
  # Inside the chroot so absolute symlinks resolve against the image, not the host.
  chroot "$root" find "$dir" -depth -mindepth 1 -not \( "${keep[@]}" \) -not \( -type d -o -type l \) -delete
  # Removing files can leave dangling links and empty directories, which can empty more.
  while [ -n "$(chroot "$root" find "$dir" -depth -mindepth 1 \( -empty -o -xtype l \) -print -delete)" ]; do :; done
done

write_tar "$slim_out"
