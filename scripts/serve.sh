#!/usr/bin/env bash
# Command 1: installs what is missing, builds the release app and serves it on http://127.0.0.1:8080
# (rebuilds when a source file changes). Stop with Ctrl+C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
echo "Bac à sable Chorus Pro : http://127.0.0.1:8080 (première compilation : quelques minutes)"
exec trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port 8080
