#!/usr/bin/env bash
# Runs a Node.js script with Node >= 22 (see node22.sh): with-node22.sh SCRIPT [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_bin="$("$root/scripts/node22.sh")"
export PATH="$(dirname "$node_bin"):$PATH"
exec "$node_bin" "$@"
