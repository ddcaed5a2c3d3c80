#!/usr/bin/env python3
"""Trunk post-build hook (first, before csp.py and sw.py): names the formats worker's files by their
contents, as trunk names the app's, and tells the app the loader's name.

Trunk leaves a worker's files unhashed (formats-worker.js, formats-worker_bg.wasm; the loader
formats-worker-loader.js is copied as is): an old copy could then outlive a new build in the
browser's cache, and a new app would talk to an old worker. Here the three files take one hash of
their contents, the loader names the other two by it, and index.html gets
<meta name="formats-worker" content="formats-worker-loader-HASH.js">, read by src/browser/formats.rs.
"""
import hashlib
import os
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
JS, WASM, LOADER = "formats-worker.js", "formats-worker_bg.wasm", "formats-worker-loader.js"


def lire(nom):
    with open(os.path.join(staging, nom), "rb") as fh:
        return fh.read()


index = os.path.join(staging, "index.html")
with open(index, encoding="utf-8") as fh:
    html = fh.read()
if 'name="formats-worker"' in html:
    sys.exit(0)
for nom in (JS, WASM, LOADER):
    if not os.path.isfile(os.path.join(staging, nom)):
        sys.exit(f"formats_worker.py: {nom} manque dans {staging}")

empreinte = hashlib.sha256()
for nom in (JS, WASM, LOADER):
    empreinte.update(hashlib.sha256(lire(nom)).digest())
h = empreinte.hexdigest()[:16]
js, wasm, loader = f"formats-worker-{h}.js", f"formats-worker-{h}_bg.wasm", f"formats-worker-loader-{h}.js"

texte = lire(LOADER).decode("utf-8")
if f"./{JS}" not in texte or f"./{WASM}" not in texte:
    sys.exit("formats_worker.py: le chargeur ne nomme plus formats-worker.js et formats-worker_bg.wasm")
texte = texte.replace(f"./{JS}", f"./{js}").replace(f"./{WASM}", f"./{wasm}")
with open(os.path.join(staging, loader), "w", encoding="utf-8") as fh:
    fh.write(texte)
os.remove(os.path.join(staging, LOADER))
os.rename(os.path.join(staging, JS), os.path.join(staging, js))
os.rename(os.path.join(staging, WASM), os.path.join(staging, wasm))

meta = f'<meta name="formats-worker" content="{loader}" />'
if "</head>" not in html:
    sys.exit("formats_worker.py: index.html sans </head>")
html = html.replace("</head>", f"{meta}</head>", 1)
with open(index, "w", encoding="utf-8") as fh:
    fh.write(html)
print(f"formats_worker.py: worker des formats {h}")
