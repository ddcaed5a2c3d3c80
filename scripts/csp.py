#!/usr/bin/env python3
"""Trunk post-build hook: adds a strict Content-Security-Policy to the built index.html.

Only the app's own origin is allowed, plus what WebAssembly needs ('wasm-unsafe-eval') and the exact
inline loader script trunk writes (allowed by its SHA-256 hash, so no 'unsafe-inline').
"""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
path = os.path.join(staging, "index.html")
with open(path, encoding="utf-8") as f:
    html = f.read()

if 'http-equiv="Content-Security-Policy"' in html:
    sys.exit(0)

hashes = []
for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S):
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")

policy = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
html, n = re.subn(r'(<meta charset="utf-8"\s*/?>)', r"\1\n    " + meta, html, count=1)
if n != 1:
    sys.exit("csp.py: <meta charset> introuvable dans index.html")
with open(path, "w", encoding="utf-8") as f:
    f.write(html)
print(f"csp.py: Content-Security-Policy ajoutée ({len(hashes)} script(s) en ligne)")
