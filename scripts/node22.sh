#!/usr/bin/env bash
# Prints the path of a Node.js >= 22 binary. The Pulumi SDK needs Node 22; when the
# system Node is older, Node 22 is installed once from the npm registry's `node`
# package into .tools/node22 (no other network access is needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_major=22
pinned="22.23.3"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge "$want_major" ]; then
  command -v node; exit 0
fi
local_node="$root/.tools/node22/node_modules/node/bin/node"
if [ -x "$local_node" ] && [ "$(major_of "$local_node")" -ge "$want_major" ]; then
  echo "$local_node"; exit 0
fi
echo "node22: system Node is $(node --version 2>/dev/null || echo missing); installing node@$pinned from the npm registry into .tools/node22" >&2
mkdir -p "$root/.tools/node22"
( cd "$root/.tools/node22" && [ -f package.json ] || echo '{"name":"node22-tool","private":true}' > package.json
  npm install --no-save --no-audit --no-fund --loglevel=error "node@$pinned" >&2 )
if [ ! -x "$local_node" ] || [ "$(major_of "$local_node")" -lt "$want_major" ]; then
  echo "node22: could not install Node $want_major into .tools/node22; install Node >= 22 and retry" >&2
  exit 1
fi
echo "$local_node"
