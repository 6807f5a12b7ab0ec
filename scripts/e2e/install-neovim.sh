#!/usr/bin/env bash
# Installs Neovim for test/e2e/neovim.test.ts, which drives dockerlean's language server from
# Neovim's built-in LSP client to show the server does not depend on VS Code. Idempotent.
# Debian 12 ships 0.7.2: no vim.lsp.start (0.8+), so the test uses vim.lsp.start_client there.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
  echo "[install-neovim] $(nvim --version | head -n1) already installed"
  exit 0
fi
start=$(date +%s)
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim >/dev/null
echo "[install-neovim] $(nvim --version | head -n1) installed in $(( $(date +%s) - start ))s"
