#!/usr/bin/env bash
# Measures how many bytes `apt-get install` really adds to a Debian image, against the sum of the
# Installed-Size fields of the packages it adds, for a "full" debian base and for a "slim" one
# (docker-library's dpkg path-exclude rules). Writes server/data/calibration/apt-<release>.json,
# which the size estimator uses as its correction factors and their spread.
#
#   sudo scripts/data/calibrate-apt.sh [release]        # default bookworm; needs root, debootstrap, network
#   env: CACHE=~/.cache/dockerlean-calibrate  MIRROR=<debian mirror>  OUT=<json path>
#
# Method
#  1. debootstrap --variant=minbase <release> once; the rootfs tarball is cached in $CACHE.
#  2. Two bases are made from it, as docker-library's debuerreotype makes debian:<release> and
#     debian:<release>-slim: both get the minimizing config (policy-rc.d, gzip'd apt lists, no
#     translations); "slim" also gets debuerreotype's slimify rules (written out below from
#     debuerreotype/debuerreotype scripts/.slimify-excludes and .slimify-includes) as a dpkg
#     path-exclude config, and the already-installed files those rules match are deleted.
#     apt sources are the release's main component only, like the shipped package index.
#  3. `apt-get update` once per base; the lists' size is recorded separately.
#  4. For every package set (with and without --no-install-recommends) a copy of the base gets
#     `apt-get install`; bytes added = `du -sb` after − before, excluding /var/lib/apt/lists and
#     /var/cache/apt (docker's apt config deletes downloaded .debs; here the archive cache is
#     shared between runs instead, so downloads happen once). Σ Installed-Size is taken from the
#     dpkg status of the packages that were added (exact installed versions).
#  5. Factors: median and min–max of measured/Σ Installed-Size per base variant; the same over the
#     sets without Python; and a separate factor for Python packages, whose maintainer scripts
#     byte-compile .pyc files that Installed-Size does not count.
set -Eeuo pipefail
export LC_ALL=C

RELEASE="${1:-bookworm}"
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${CACHE:-$HOME/.cache/dockerlean-calibrate}"
OUT="${OUT:-$ROOT_DIR/server/data/calibration/apt-$RELEASE.json}"
MIRROR="${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

# name|packages — varied: a compiler toolchain, -dev packages, runtime libraries, an interpreter, tools.
SETS=(
  "build-essential|build-essential"
  "libpq-dev|libpq-dev"
  "libpq5|libpq5"
  "python3|python3"
  "curl-ca|curl ca-certificates"
  "git|git"
  "image-dev|libjpeg62-turbo-dev zlib1g-dev libwebp-dev"
  "libpq-dev+build-essential|libpq-dev build-essential"
)

[ "$(id -u)" = 0 ] || { echo "calibrate-apt.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "calibrate-apt.sh: install debootstrap first (apt-get install debootstrap)" >&2; exit 1; }

mkdir -p "$CACHE/archives/partial" "$(dirname "$OUT")"
WORK="$(mktemp -d "$CACHE/work.XXXXXX")"
MOUNTS=()
cleanup() {
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

TARBALL="$CACHE/$RELEASE-minbase.tar"
if [ ! -s "$TARBALL" ]; then
  echo "debootstrap $RELEASE (cached at $TARBALL afterwards)" >&2
  debootstrap --variant=minbase "$RELEASE" "$WORK/bootstrap" "$MIRROR" >&2
  tar -C "$WORK/bootstrap" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
  rm -rf "$WORK/bootstrap"
fi

mount_chroot() {
  local r="$1"
  mount -t proc proc "$r/proc" && MOUNTS+=("$r/proc")
  mount --bind /dev "$r/dev" && MOUNTS+=("$r/dev")
  mount --bind "$CACHE/archives" "$r/var/cache/apt/archives" && MOUNTS+=("$r/var/cache/apt/archives")
}
umount_chroot() {
  local r="$1"
  umount -l "$r/var/cache/apt/archives" "$r/dev" "$r/proc"
  local keep=()
  for m in "${MOUNTS[@]}"; do [[ "$m" == "$r/"* ]] || keep+=("$m"); done
  MOUNTS=("${keep[@]+"${keep[@]}"}")
}

minimize() {
  local r="$1"
  printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"; chmod 0755 "$r/usr/sbin/policy-rc.d"
  echo 'force-unsafe-io' > "$r/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  echo 'Acquire::GzipIndexes "true";' > "$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' > "$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$r/etc/apt/apt.conf.d/docker-autoremove-suggests"
  # docker-clean's cache settings; its Post-Invoke .deb removal is left out so that the archive
  # cache shared between runs survives (it is outside the measured tree anyway).
  printf 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' > "$r/etc/apt/apt.conf.d/docker-clean"
  # debootstrap leaves an uncompressed Packages file behind; the published images ship no lists.
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin
  echo "deb $MIRROR $RELEASE main" > "$r/etc/apt/sources.list"
  rm -f "$r"/etc/apt/sources.list.d/*
  cp /etc/resolv.conf "$r/etc/resolv.conf"
}

# debuerreotype's slimify lists (see the method note above).
SLIM_EXCLUDES=(/usr/share/doc/'*' /usr/share/info/'*' /usr/share/linda/'*' /usr/share/lintian/overrides/'*' /usr/share/locale/'*' /usr/share/man/'*'
  /usr/share/doc/kde/HTML/'*'/'*' /usr/share/gnome/help/'*'/'*' /usr/share/omf/'*'/'*-*.emf')
SLIM_INCLUDES=(/usr/share/doc/'*'/copyright /usr/share/doc/kde/HTML/C/'*' /usr/share/gnome/help/'*'/C/'*' /usr/share/locale/all_languages
  /usr/share/locale/currency/'*' /usr/share/locale/l10n/'*' /usr/share/locale/languages /usr/share/locale/locale.alias /usr/share/omf/'*'/'*-C.emf')

slimify() {
  local r="$1" cfg="$1/etc/dpkg/dpkg.cfg.d/docker"
  {
    echo '# slim variant: docs, man pages and locales excluded (debuerreotype slimify rules)'
    for e in "${SLIM_EXCLUDES[@]}"; do echo "path-exclude $e"; done
    for i in "${SLIM_INCLUDES[@]}"; do echo "path-include $i"; done
  } > "$cfg"
  local find_inc=() d
  for i in "${SLIM_INCLUDES[@]}"; do
    [ ${#find_inc[@]} -eq 0 ] || find_inc+=(-o)
    find_inc+=(-path "$r$i")
  done
  for d in /usr/share/doc /usr/share/info /usr/share/linda /usr/share/lintian/overrides /usr/share/locale /usr/share/man /usr/share/gnome/help /usr/share/omf; do
    [ -d "$r$d" ] || continue
    find "$r$d" -depth -mindepth 1 -not \( -type d -o -type l \) -not \( "${find_inc[@]}" \) -exec rm -f '{}' +
    while [ "$(find "$r$d" -depth -mindepth 1 \( -empty -o -xtype l \) -exec rm -rf '{}' ';' -printf '.' | wc -c)" -gt 0 ]; do :; done
  done
}

measure() { # bytes on disk of the rootfs without apt's lists, caches and the virtual filesystems
  (cd "$1" && du -sb --exclude=./var/lib/apt/lists --exclude=./var/cache/apt --exclude=./proc --exclude=./dev --exclude=./sys . | cut -f1)
}
installed_sizes() { chroot "$1" dpkg-query -W -f '${Package}\t${Installed-Size}\n' | sort; }

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for variant in full slim; do
  base="$WORK/base-$variant"
  mkdir -p "$base"
  tar -C "$base" -xf "$TARBALL"
  minimize "$base"
  [ "$variant" = slim ] && slimify "$base"
  mount_chroot "$base"
  chroot "$base" apt-get update -qq >&2
  lists_bytes="$(du -sb "$base/var/lib/apt/lists" | cut -f1)"
  umount_chroot "$base"
  base_bytes="$(measure "$base")"
  installed_sizes "$base" > "$WORK/base-$variant.pkgs"
  echo -e "#base\t$variant\t$base_bytes\t$lists_bytes\t$(wc -l < "$WORK/base-$variant.pkgs")" >> "$RESULTS"
  for entry in "${SETS[@]}"; do
    name="${entry%%|*}"
    pkgs="${entry#*|}"
    for recommends in no yes; do
      r="$WORK/run"
      rm -rf "$r"
      cp -a "$base" "$r"
      mount_chroot "$r"
      flag=--no-install-recommends
      [ "$recommends" = yes ] && flag=
      echo "[$variant] apt-get install $flag $pkgs" >&2
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive chroot "$r" apt-get install -y -qq $flag $pkgs >/dev/null
      umount_chroot "$r"
      after="$(measure "$r")"
      installed_sizes "$r" > "$WORK/after.pkgs"
      added="$(join -t $'\t' -v 1 "$WORK/after.pkgs" "$WORK/base-$variant.pkgs")"
      added_names="$(tr '\t' ':' <<<"$added" | paste -sd, -)"
      sum_kib="$(awk -F'\t' '{s += $2} END {print s + 0}' <<<"$added")"
      echo -e "$variant\t$name\t$pkgs\t$recommends\t$((after - base_bytes))\t$sum_kib\t$added_names" >> "$RESULTS"
      rm -rf "$r"
    done
  done
done

DEBOOTSTRAP_VERSION="$(dpkg-query -W -f '${Version}' debootstrap 2>/dev/null || echo unknown)"
RESULTS="$RESULTS" OUT="$OUT" RELEASE="$RELEASE" DEBOOTSTRAP_VERSION="$DEBOOTSTRAP_VERSION" node - <<'EOF'
const fs = require('node:fs');
const rows = fs.readFileSync(process.env.RESULTS, 'utf8').trim().split('\n').map((l) => l.split('\t'));
// Python packages get their .pyc files written by maintainer scripts, outside Installed-Size.
const isPython = (name) => /^(lib)?python3/.test(name);
const bases = {};
const sets = [];
for (const r of rows) {
  if (r[0] === '#base') { bases[r[1]] = { rootfsBytes: +r[2], aptListsBytes: +r[3], packageCount: +r[4] }; continue; }
  const [variant, name, packages, recommends, bytes, kib, addedRaw] = r;
  const added = addedRaw ? addedRaw.split(',').map((a) => a.split(':')) : [];
  const installedSizeBytes = +kib * 1024;
  const pythonInstalledSizeBytes = added.filter(([n]) => isPython(n)).reduce((s, [, k]) => s + +k * 1024, 0);
  sets.push({ variant, name, packages: packages.split(' '), installRecommends: recommends === 'yes', measuredBytes: +bytes, installedSizeBytes, pythonInstalledSizeBytes,
    ratio: installedSizeBytes ? +(+bytes / installedSizeBytes).toFixed(4) : null, addedCount: added.length, added: added.map(([n]) => n) });
}
const summary = (values) => {
  const rs = values.slice().sort((a, b) => a - b);
  const median = rs.length % 2 ? rs[(rs.length - 1) / 2] : (rs[rs.length / 2 - 1] + rs[rs.length / 2]) / 2;
  return { factor: +median.toFixed(4), low: +rs[0].toFixed(4), high: +rs[rs.length - 1].toFixed(4), samples: rs.length };
};
const big = (s) => s.ratio !== null && s.installedSizeBytes >= 1 << 20;
const factors = {};
const nonPython = {};
const pythonBytecode = {};
for (const v of ['full', 'slim']) {
  const mine = sets.filter((s) => s.variant === v && big(s));
  factors[v] = summary(mine.map((s) => s.ratio));
  // Sets whose Python share is under 5% give the factor for everything else; sets with Python give
  // the factor of the Python packages once the rest is accounted for with that factor.
  const plain = mine.filter((s) => s.pythonInstalledSizeBytes < 0.05 * s.installedSizeBytes);
  nonPython[v] = summary(plain.map((s) => s.ratio));
  const withPy = mine.filter((s) => s.pythonInstalledSizeBytes >= 1 << 20);
  if (withPy.length) {
    pythonBytecode[v] = summary(withPy.map((s) => (s.measuredBytes - nonPython[v].factor * (s.installedSizeBytes - s.pythonInstalledSizeBytes)) / s.pythonInstalledSizeBytes));
  }
}
const today = (process.env.SOURCE_DATE_EPOCH ? new Date(+process.env.SOURCE_DATE_EPOCH * 1000) : new Date()).toISOString().slice(0, 10);
const out = {
  format: 'dockerlean-apt-calibration/1',
  release: process.env.RELEASE,
  measuredAt: today,
  generator: 'scripts/data/calibrate-apt.sh',
  method: 'debootstrap --variant=minbase (debootstrap ' + process.env.DEBOOTSTRAP_VERSION + ') + docker minimizing config; "slim" adds debuerreotype slimify path-excludes. Bytes added = du -sb after − before (apparent sizes; /var/lib/apt/lists, /var/cache/apt excluded). installedSizeBytes = Σ Installed-Size (KiB × 1024) of the packages dpkg added. ratio = measured / Σ Installed-Size. Sets under 1 MiB are left out of the factors. factors: median and min–max over all sets; nonPython: over sets with under 5% Python packages; pythonBytecode: factor for Python packages (their postinst writes .pyc files) given the nonPython factor for the rest.',
  bases,
  factors,
  nonPython,
  pythonBytecode,
  aptLists: { bytes: bases.slim?.aptListsBytes ?? bases.full?.aptListsBytes, note: 'size of /var/lib/apt/lists after apt-get update (lz4-compressed lists, no translations), which stays in the layer unless removed in the same RUN' },
  sets,
};
fs.writeFileSync(process.env.OUT, JSON.stringify(out, null, 1) + '\n');
const f = (x) => `×${x.factor} (${x.low}–${x.high})`;
console.error(`wrote ${process.env.OUT}: full ${f(factors.full)}, slim ${f(factors.slim)}; without Python: full ${f(nonPython.full)}, slim ${f(nonPython.slim)}; Python packages: full ${pythonBytecode.full ? f(pythonBytecode.full) : '-'}, slim ${pythonBytecode.slim ? f(pythonBytecode.slim) : '-'}`);
EOF
