// Registers the service worker (offline use after the first visit) and, when a new version has been
// deployed, says so instead of switching under the trainee's feet: the new version waits until
// « Recharger » is chosen. Plain script, outside the app: it must work even if the app does not start.
'use strict';
(function () {
  if (!('serviceWorker' in navigator)) return;
  let demande = false;
  // No controller at load: this is the first visit, and the first worker taking over is no news.
  let controle = !!navigator.serviceWorker.controller;

  function annoncer(attente) {
    if (document.getElementById('nouvelle-version')) return;
    const bandeau = document.createElement('div');
    bandeau.id = 'nouvelle-version';
    bandeau.className = 'nouvelle-version';
    bandeau.setAttribute('role', 'status');
    const texte = document.createElement('span');
    texte.textContent = 'Une nouvelle version est disponible — ';
    const bouton = document.createElement('button');
    bouton.type = 'button';
    bouton.className = 'bouton';
    bouton.textContent = 'Recharger';
    bouton.addEventListener('click', () => {
      demande = true;
      bouton.disabled = true;
      if (attente) attente.postMessage('activer');
      else location.reload();
    });
    bandeau.append(texte, bouton);
    document.body.prepend(bandeau);
  }

  function suivre(reg) {
    // A worker already waiting (deployed while the page was closed), or one being installed now.
    if (reg.waiting && navigator.serviceWorker.controller) annoncer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener('statechange', () => {
        if (w.state === 'installed' && navigator.serviceWorker.controller) annoncer(w);
      });
    });
  }

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // This tab asked for it: reload now. Another tab did: say so, let the trainee choose.
    if (demande) location.reload();
    else if (controle) annoncer(null);
    controle = true;
  });

  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('./sw.js', { scope: './' })
      .then(suivre)
      .catch(() => {
        // No offline use (private window, file://…): the app itself works the same.
      });
  });
})();
