#!/usr/bin/env bash
# Benchmarks: prints figures, asserts nothing (budgets are read by people, not by tests).
#   - export of a 50-line invoice to CII, UBL and the Factur-X PDF (median; BENCH_ONLY=formats
#     runs only this one);
#   - release bundle size (HTML + JS + wasm + CSS, gzip -9) against the budget;
#   - cold load to interactive in headless Chromium on 127.0.0.1, median of 5 runs, for the sandbox
#     and for an empty Yew app built the same way, and their ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --browser
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# BENCH_ONLY=formats: only the export of a 50-line invoice to CII, UBL and PDF (median times).
echo "==> formats : export d'une facture de 50 lignes"
cargo run --offline --quiet --release -p chorus-formats --example bench_export
if [ "${BENCH_ONLY:-}" = formats ]; then exit 0; fi
# BENCH_ONLY=flux: only the time to compte rendu of a 500-invoice flow (native, release build).
if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY}" = flux ]; then
  echo "==> dépôt de flux : 500 factures CII jusqu'au compte rendu (natif)"
  cargo run --offline --quiet --release -p chorus-formats --example bench_flux
  if [ "${BENCH_ONLY:-}" = flux ]; then exit 0; fi
fi

echo "==> taille stockée d'une facture (état seul, sans les octets des pièces jointes)"
cargo test --offline --quiet -p chorus-domain --test domain factures::a_typical_invoice_is_stored_compactly -- --nocapture 2>/dev/null | grep "octets" || true

echo "==> build release (sandbox, empty Yew app)"
trunk build --release --offline >/dev/null
(cd bench/empty-yew && trunk build --release --offline >/dev/null)

python3 -m http.server 8092 --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
APP_PID=$!
python3 -m http.server 8093 --bind 127.0.0.1 --directory target/bench/empty-yew-dist >/dev/null 2>&1 &
EMPTY_PID=$!
trap 'kill $APP_PID $EMPTY_PID 2>/dev/null || true' EXIT
sleep 1
node bench/bench.js dist http://127.0.0.1:8092/ http://127.0.0.1:8093/
