// Offline use after the first visit (service worker), and a new version announced rather than
// switched under the trainee's feet, under a sub-path.
const { test, expect } = require('@playwright/test');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const ROOT = path.join(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

/** A static server of its own on a free port (this test deploys into its folder). */
function serve(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir]);
    p.stdout.on('data', (b) => {
      const m = /port (\d+)/.exec(String(b));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => p.kill() });
    });
    p.on('error', reject);
  });
}

/** Waits until the service worker controls the page (it claims it on its first activation). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null);
}

test('hors ligne après la première visite : recharger, se connecter, saisir et envoyer une facture', async ({ page, context, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/');
  await controlled(page);
  await context.setOffline(true);
  await h.reload(page);
  await expect(page.locator('h1')).toHaveCount(1);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await h.open(page, '/factures-emises/saisie');
  await h.fillInvoice(page, 'HORS-LIGNE-001');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText('La facture n° HORS-LIGNE-001 est validée')).toBeVisible();
  // A download in a structured format, still offline: the formats worker (its own wasm, fetched on
  // first use) comes from the service worker's cache.
  await h.open(page, '/factures-emises');
  await page.getByRole('link', { name: 'HORS-LIGNE-001', exact: true }).click();
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger la facture (PDF Factur-X)', exact: true }).click(),
  ]);
  expect(d.suggestedFilename()).toBe('HORS-LIGNE-001.pdf');
  expect(fs.readFileSync(await d.path()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  await context.setOffline(false);
  // Nothing but the app's own files is cached.
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const k of await caches.keys()) {
      for (const r of await (await caches.open(k)).keys()) urls.push(r.url);
    }
    return urls;
  });
  expect(cached.length).toBeGreaterThan(3);
  for (const u of cached) {
    expect(u.startsWith(new URL(baseURL).origin + '/')).toBe(true);
    expect(u).toMatch(/\/(index\.html|[a-z-]+-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg))$/);
  }
  await w.verify();
});

test('une nouvelle version déployée dans le même dossier, sous un sous-chemin : annoncée, puis chargée sur « Recharger »', async ({ page }) => {
  const racine = fs.mkdtempSync(path.join(os.tmpdir(), 'cpsb-sw-'));
  const dossier = path.join(racine, 'formation', 'bac-a-sable');
  fs.mkdirSync(dossier, { recursive: true });
  fs.cpSync(DIST, dossier, { recursive: true });
  const server = await serve(racine);
  try {
    const base = `${server.url}/formation/bac-a-sable/`;
    const w = h.watch(page, base);
    await page.goto(`${base}#/`);
    await page.waitForSelector('html[data-app-ready="1"]');
    await controlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    expect(scope).toBe(base);
    await expect(page.locator('#nouvelle-version')).toHaveCount(0);

    // A changed build lands in the same folder (here: another page description), with its own worker.
    const index = path.join(dossier, 'index.html');
    const avant = fs.readFileSync(index, 'utf8');
    const apres = avant.replace('<meta name="description" content="', '<meta name="description" content="Version 2. ');
    expect(apres).not.toBe(avant);
    fs.writeFileSync(index, apres);
    const description = page.locator('meta[name="description"]');
    execFileSync('python3', [path.join(ROOT, 'scripts/sw.py'), dossier]);

    await page.reload();
    await page.waitForSelector('html[data-app-ready="1"]');
    const notice = page.locator('#nouvelle-version');
    await expect(notice).toContainText('Une nouvelle version est disponible');
    // Still the version the trainee was using, until they choose.
    await expect(description).not.toHaveAttribute('content', /^Version 2\./);
    await h.checkA11y(page);
    await notice.getByRole('button', { name: 'Recharger' }).click();
    await expect(description).toHaveAttribute('content', /^Version 2\./);
    await page.waitForSelector('html[data-app-ready="1"]');
    await expect(page.locator('#nouvelle-version')).toHaveCount(0);
    await expect(page.locator('h1')).toHaveCount(1);
    await w.verify();
  } finally {
    server.stop();
    fs.rmSync(racine, { recursive: true, force: true });
  }
});
