#!/usr/bin/env python3
"""Trunk post-build hook (after csp.py): writes dist/sw.js, the service worker, from assets/sw.js.

Its precache list is every file trunk wrote (all hashed but index.html), and its version is a hash of
their contents: any change to the build gives a new worker, which the page announces (« Une nouvelle
version est disponible — Recharger »).
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")

fichiers = sorted(
    f
    for f in os.listdir(staging)
    if f != "sw.js" and os.path.isfile(os.path.join(staging, f)) and not f.startswith(".")
)
empreinte = hashlib.sha256()
for f in fichiers:
    empreinte.update(f.encode("utf-8") + b"\0")
    with open(os.path.join(staging, f), "rb") as fh:
        empreinte.update(hashlib.sha256(fh.read()).digest())
version = empreinte.hexdigest()[:16]

with open(os.path.join(ROOT, "assets", "sw.js"), encoding="utf-8") as fh:
    modele = fh.read()
if "'__VERSION__'" not in modele or "__FICHIERS__" not in modele:
    sys.exit("sw.py: assets/sw.js n'a plus ses marqueurs __VERSION__ et __FICHIERS__")
sw = modele.replace("'__VERSION__'", json.dumps(version)).replace("__FICHIERS__", json.dumps(fichiers))
with open(os.path.join(staging, "sw.js"), "w", encoding="utf-8") as fh:
    fh.write(sw)
print(f"sw.py: service worker {version} ({len(fichiers)} fichiers mis en cache)")
