#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test the sandbox. Idempotent and quick when
# everything is there. Sourced by serve.sh and test.sh; usable alone: scripts/setup.sh [--browser]
#   --browser  also Debian's chromium + chromium-driver (for the tests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
want_browser=0
for arg in "$@"; do [ "$arg" = "--browser" ] && want_browser=1; done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Rust: the wasm target and the lint tools.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$comp"; then
    say "rustup component add $comp"
    rustup component add "$comp"
  fi
done

# trunk, pinned (0.22 needs a newer rustc than this image has).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (about 15 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen of Cargo.lock (not --locked: a locked dependency
# of the CLI is missing from the registry).
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  say "cargo install wasm-bindgen-cli $WBG_VERSION"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# npm packages: wasm-opt (binaryen) for the release build, Playwright and axe-core for the tests.
LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$LOCK_HASH" ]; then
  say "npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$LOCK_HASH" > node_modules/.lock-hash
fi

# Debian's Chromium and its driver (never a browser downloaded by a test tool).
if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "apt-get install chromium chromium-driver"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# qpdf and poppler-utils check the Factur-X PDFs (scripts/validate-formats.sh).
if ! command -v qpdf >/dev/null || ! command -v pdffonts >/dev/null || ! command -v pdftoppm >/dev/null; then
  say "apt-get install qpdf poppler-utils"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y qpdf poppler-utils
fi

# Every crate on disk, so that builds run offline.
cargo fetch --quiet
cargo fetch --quiet --target wasm32-unknown-unknown

# A pre-commit hook that refuses build outputs and files over 1 MiB (submissions are size-limited).
HOOKS_DIR="$(git rev-parse --git-common-dir 2>/dev/null || true)/hooks"
if [ -d "$(dirname "$HOOKS_DIR")" ] && [ ! -x "$HOOKS_DIR/pre-commit" ]; then
  mkdir -p "$HOOKS_DIR"
  printf '#!/bin/sh\nexec "$(git rev-parse --show-toplevel)/scripts/check-size.sh"\n' > "$HOOKS_DIR/pre-commit"
  chmod +x "$HOOKS_DIR/pre-commit"
fi
