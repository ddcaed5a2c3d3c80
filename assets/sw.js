// Service worker of the sandbox: the app works offline after the first visit.
//
// `scripts/sw.py` writes the built copy into dist/ with VERSION (a hash of every built file) and
// FICHIERS (the hashed files trunk wrote): a new build is a new worker, hence the update notice.
// Only those files are ever cached; any other request goes to the network untouched. URLs are
// relative to this file, so the app works under any sub-path.
'use strict';

const VERSION = '__VERSION__';
const FICHIERS = __FICHIERS__;
const CACHE = `cpsb-${VERSION}`;
const PREFIXE = 'cpsb-';
const url = (f) => new URL(f, self.registration.scope).href;
const PAGE = url('index.html');

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new version waits until the trainee chooses « Recharger ».
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FICHIERS.map(url))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIXE) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'activer') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const u = new URL(req.url);
  if (u.origin !== self.location.origin) return;
  // The app is one page (hash routes): any navigation inside the scope gets it.
  const cle = req.mode === 'navigate' && u.href.startsWith(self.registration.scope) ? PAGE : u.origin + u.pathname;
  if (cle !== PAGE && !FICHIERS.some((f) => url(f) === cle)) return;
  event.respondWith(
    caches.open(CACHE).then((c) => c.match(cle)).then((r) => r || fetch(req)),
  );
});
