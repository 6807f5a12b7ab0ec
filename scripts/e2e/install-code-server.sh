#!/usr/bin/env bash
# Installs the tooling the VS Code end-to-end tests need: code-server (a real VS Code served
# to a browser) from the npm registry, and Debian's Chromium to drive it. Idempotent: a second
# run only checks versions. The install lives outside the repository so `git clean` and fresh
# clones do not pay for it again, and it is keyed by version so an upgrade never mixes trees.
#
#   bash scripts/e2e/install-code-server.sh      # prints the code-server binary path last
#
# Env: DOCKERLEAN_E2E_CACHE overrides the cache root (default ~/.cache/dockerlean-e2e).
set -euo pipefail

CS_VERSION=4.100.3
# @vscode/ripgrep version pulled in by this VS Code build and the rg release its postinstall
# wants; both are fixed by CS_VERSION, so they are pinned together with it.
RG_PKG_VERSION=1.15.11
RG_RELEASE=v13.0.0-10

CACHE_ROOT=${DOCKERLEAN_E2E_CACHE:-$HOME/.cache/dockerlean-e2e}
DEST="$CACHE_ROOT/code-server-$CS_VERSION"
BIN="$DEST/node_modules/.bin/code-server"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }
t_start=$(now_ms)
log() { echo "[install-code-server] $*"; }

# --- Debian packages ------------------------------------------------------------------------
# chromium drives the UI; ripgrep seeds VS Code's rg download (below); libkrb5-dev and
# pkg-config are needed to compile code-server's kerberos addon.
missing=()
for pkg in chromium ripgrep libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  t=$(now_ms)
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # The package lists may be absent on a fresh machine; an update is cheap compared to a failed install.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  log "apt packages installed in $(elapsed "$t")"
else
  log "apt packages already present"
fi

# --- code-server -----------------------------------------------------------------------------
installed_version() {
  [ -x "$BIN" ] || return 1
  # Any code-server invocation without --config writes ~/.config/code-server/config.yaml and
  # logs under ~/.local/share, and prints a log line before the version; a throwaway XDG home
  # keeps $HOME clean and the regex picks "<version> <commit> with Code <vscode version>".
  local xdg out
  xdg=$(mktemp -d)
  out=$(XDG_CONFIG_HOME="$xdg/config" XDG_DATA_HOME="$xdg/data" XDG_CACHE_HOME="$xdg/cache" \
        "$BIN" --version 2>/dev/null || true)
  rm -rf "$xdg"
  printf '%s\n' "$out" | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ [0-9a-f]+ with Code' | head -n1 | awk '{print $1}'
}

if [ "$(installed_version || true)" = "$CS_VERSION" ]; then
  log "code-server $CS_VERSION already installed at $DEST ($(elapsed "$t_start"))"
  echo "$BIN"
  exit 0
fi

t=$(now_ms)
# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here. Its
# downloader looks in os.tmpdir()/vscode-ripgrep-cache-<version>/ first, so a tarball holding
# Debian's rg (top-level file named `rg`) satisfies it without any network.
tmp_root=${TMPDIR:-/tmp}
rg_cache="$tmp_root/vscode-ripgrep-cache-$RG_PKG_VERSION"
rg_asset="$rg_cache/ripgrep-$RG_RELEASE-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_asset" ]; then
  seed=$(mktemp -d)
  cp "$(command -v rg)" "$seed/rg"
  mkdir -p "$rg_cache"
  tar czf "$rg_asset" -C "$seed" rg
  rm -rf "$seed"
fi

# Install into a staging dir and rename at the end, so an interrupted install never looks
# like a finished one to the version check above.
stage="$DEST.partial"
rm -rf "$stage"
mkdir -p "$stage"
echo '{"name":"dockerlean-e2e-code-server","private":true}' > "$stage/package.json"
log "npm install code-server@$CS_VERSION (takes ~75 s)"
(
  cd "$stage"
  # unsafe_perm: code-server's postinstall refuses to run as root without it.
  # yes: node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc cancels.
  # nodedir: native addons are compiled against the local Node headers instead of downloading them.
  npm_config_unsafe_perm=true \
  npm_config_yes=true \
  npm_config_nodedir=/usr \
  npm_config_fund=false \
  npm_config_audit=false \
    npm install --no-save --loglevel=error "code-server@$CS_VERSION" >"$stage/install.log" 2>&1
) || { log "npm install failed; last lines of $stage/install.log:"; tail -n 40 "$stage/install.log" >&2; exit 1; }

rm -rf "$DEST"
mv "$stage" "$DEST"
got=$(installed_version || true)
if [ "$got" != "$CS_VERSION" ]; then
  log "installed code-server reports version '$got', expected $CS_VERSION" >&2
  exit 1
fi
log "code-server $CS_VERSION installed in $(elapsed "$t") (total $(elapsed "$t_start")), $(du -sh "$DEST" | cut -f1)"
echo "$BIN"
