// The sandbox as a whole: two tabs, export → reset → import, bad files, hostile text, storage
// faults (full quota, corrupt data, newer data, no localStorage), deep links and the CSP.
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

test('un deuxième onglet voit aussitôt ce que fait le premier', async ({ context, baseURL }) => {
  const tab1 = await context.newPage();
  const tab2 = await context.newPage();
  const w1 = h.watch(tab1, baseURL);
  const w2 = h.watch(tab2, baseURL);
  await h.open(tab2, '/messagerie');
  await expect(tab2.getByText('Aucun message pour l\'instant.')).toBeVisible();

  await h.createAccount(tab1, { email: 'onglet@exemple.fr' });
  // No reload in tab 2: the storage event brings the new mail.
  await expect(tab2.getByRole('link', { name: 'Activation de votre compte' })).toBeVisible();

  await h.enterTrainerMode(tab2);
  await h.enterTrainerMode(tab1);
  await tab1.getByRole('button', { name: 'Avancer de 1 jour' }).click();
  await expect(tab2.locator('#horloge-actuelle')).toContainText('+1 j');
  // Tab 2 then acts on top of tab 1's change: nothing is lost.
  await tab2.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  await expect(tab1.locator('#horloge-actuelle')).toContainText('+8 j');
  await expect(tab2.locator('#horloge-actuelle')).toContainText('+8 j');
  await w1.verify();
  await w2.verify();
});

test('exporter, tout réinitialiser puis importer redonne le même bac à sable', async ({ page, baseURL }, testInfo) => {
  const w = h.watch(page, baseURL);
  await h.newConnectedAccount(page, 'export@exemple.fr');
  await h.createAccount(page, { email: 'second@exemple.fr', nom: 'Durand', prenom: 'Paul' });
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  const before = await h.sandboxRecords(page);
  expect(Object.keys(before).length).toBe(6); // clock, 2 accounts, 2 activation mails, trainer's code

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter mes données' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^bac-a-sable-chorus-pro-\d{4}-\d{2}-\d{2}\.json$/);
  const file = testInfo.outputPath('export.json');
  await download.saveAs(file);
  expect(fs.readFileSync(file, 'utf8')).not.toContain(h.PASSWORD);

  await page.getByRole('button', { name: 'Tout réinitialiser' }).click();
  await page.getByRole('button', { name: 'Oui, tout effacer' }).click();
  await expect(page.getByText('Le bac à sable a été réinitialisé.')).toBeVisible();
  // Everything is gone but the trainer's code: the tab stays in trainer mode.
  expect(Object.keys(await h.sandboxRecords(page))).toEqual(['cpsb:formateur:main']);
  await expect(page.getByText('Mode formateur', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();

  await h.field(page, "Fichier d'export (.json)").setInputFiles(file);
  await expect(page.getByText('2 comptes, 2 messages, horloge décalée, code formateur')).toBeVisible();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Remplacer le bac à sable par ce fichier' }).click();
  await page.getByRole('button', { name: 'Oui, remplacer' }).click();
  await expect(page.getByText('Le bac à sable a été remplacé')).toBeVisible();
  expect(await h.sandboxRecords(page)).toEqual(before);
  await h.login(page, 'export@exemple.fr');
  await w.verify();
});

test('un fichier invalide est refusé avec un message précis et ne change rien', async ({ page, baseURL }, testInfo) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'garde@exemple.fr' });
  await h.enterTrainerMode(page);
  const before = await h.sandboxRecords(page);
  const cases = [
    ['pas-json.json', 'ceci n’est pas du JSON', "n'est pas un JSON valide"],
    ['tronque.json', '{"format":"bac-a-sable-chorus-pro","schema":1,"records":[{"collection":"account"', 'tronqué'],
    ['autre.json', '{"format":"autre chose"}', "n'est pas un export du bac à sable"],
    ['futur.json', '{"format":"bac-a-sable-chorus-pro","schema":42,"exported_at":1795392000000,"records":[]}', 'schéma 42'],
    ['incomplet.json', '{"format":"bac-a-sable-chorus-pro","schema":1,"exported_at":1795392000000,"records":[{"collection":"clock","id":"main","data":{}}]}', 'champ « offset_seconds » manquant'],
    ['hostile.json', JSON.stringify({ format: 'bac-a-sable-chorus-pro', schema: 1, exported_at: 1795392000000,
      records: [{ collection: 'account', id: 'xxxx', data: { id: 'xxxx', login_email: '<img src=x onerror=alert(1)>', contact_email: 'a@b.fr',
        nom: 'a', prenom: 'b', password_hash: 'clair', status: 'ACTIF', created_at: 1795392000000 } }] }),
      "n'est pas une adresse électronique valide"],
  ];
  for (const [name, content, message] of cases) {
    const file = testInfo.outputPath(name);
    fs.writeFileSync(file, content);
    await h.field(page, "Fichier d'export (.json)").setInputFiles(file);
    const alert = page.locator('.alerte-erreur');
    await expect(alert).toContainText(`Le fichier « ${name} » n'a pas été importé`);
    await expect(alert).toContainText(message);
  }
  expect(await h.sandboxRecords(page)).toEqual(before);
  await w.verify();
});

test('du HTML ou un script saisi dans un champ est affiché comme du texte et ne s’exécute jamais', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  const nom = '<img src=x onerror="window.__xss=1;alert(1)">';
  const prenom = '<script>window.__xss=2</script>';
  await h.newConnectedAccount(page, 'xss@exemple.fr', { nom, prenom });
  await expect(page.locator('.utilisateur')).toHaveText(`${prenom} ${nom}`);
  await h.open(page, '/mon-compte');
  await expect(h.field(page, 'Nom')).toHaveValue(nom);
  await h.openMail(page, 'xss@exemple.fr', 'Activation de votre compte');
  await expect(page.locator('.corps-message')).toContainText(`Bonjour ${prenom} ${nom}`);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
  await w.verify();
});

test('stockage plein : message clair, « Exporter mes données », rien ne change', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/creer-un-compte');
  // Fill localStorage to the brim, as months of training data would.
  await page.evaluate(h.fillLocalStorage);
  await h.submitAccountForm(page, { email: 'plein@exemple.fr', nom: 'Plein', prenom: 'Stockage' });
  const alert = page.getByRole('alert').filter({ hasText: 'plein' });
  await expect(alert).toContainText("L'espace de stockage du navigateur est plein : l'action n'a pas été enregistrée et rien n'a changé.");
  await expect(alert.getByRole('button', { name: 'Exporter mes données' })).toBeVisible();
  await h.checkA11y(page);
  expect(await h.sandboxRecords(page)).toEqual({});
  await expect(page.getByText('Votre compte a été créé.')).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    alert.getByRole('button', { name: 'Exporter mes données' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  await w.verify();
});

test('des données illisibles sont mises de côté et récupérables', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'abime@exemple.fr' });
  await page.evaluate(() => localStorage.setItem('cpsb:clock:main', '{"v":1,"rev":1,"data":'));
  await h.reload(page);
  await expect(page.getByText("Certaines données n'ont pas pu être lues")).toBeVisible();
  await page.getByRole('link', { name: 'Voir la page de récupération' }).click();
  await expect(page.locator('h1')).toHaveText('Récupération des données');
  await expect(page.getByText('cpsb-backup:cpsb:clock:main')).toBeVisible();
  await h.checkA11y(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter les données brutes' }).click(),
  ]);
  const raw = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(raw['cpsb-backup:cpsb:clock:main']).toBe('{"v":1,"rev":1,"data":');
  // The rest of the sandbox is intact.
  await h.activateFromMailbox(page, 'abime@exemple.fr');
  await h.open(page, '/recuperation');
  await page.getByRole('button', { name: 'Abandonner cette donnée' }).click();
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await expect(page.getByText('Aucune donnée mise de côté')).toBeVisible();
  await w.verify();
});

test('des données d’une version plus récente sont ouvertes en consultation seule', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'futur@exemple.fr' });
  await h.enterTrainerMode(page);
  await page.evaluate(() => localStorage.setItem('cpsb:clock:main', '{"v":99,"rev":1,"data":{"quelque":"chose"}}'));
  await h.reload(page);
  await expect(page.getByText('Consultation seule')).toBeVisible();
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: 'Avancer de 1 jour' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'version plus récente' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('cpsb:clock:main'))).toBe('{"v":99,"rev":1,"data":{"quelque":"chose"}}');
  await w.verify();
});

test('stockage plein dès l’ouverture : consultation seule de ce qui est enregistré, exportable en entier', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'deja-plein@exemple.fr' });
  const before = await h.sandboxRecords(page);
  // The storage is full when the app starts (filled before its scripts run, after the previous
  // page gave back its background lease).
  await page.addInitScript(h.fillLocalStorage);
  await h.reload(page);
  const banner = page.getByRole('status').filter({ hasText: 'stockage du navigateur était plein' });
  await expect(banner).toBeVisible();
  await expect(page.getByText('Le stockage local du navigateur est indisponible')).toHaveCount(0);
  await expect(page.getByText("Certaines données n'ont pas pu être lues")).toHaveCount(0);
  await h.checkA11y(page);
  // What is stored is exported whole (not an empty sandbox in memory).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    banner.getByRole('button', { name: 'Exporter mes données' }).click(),
  ]);
  const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const exported = file.records.map((r) => `cpsb:${r.collection}:${r.id}`).sort();
  expect(exported).toEqual(Object.keys(before).sort());
  expect(await h.sandboxRecords(page)).toEqual(before);
  await w.verify();
});

test('sans localStorage, le bac à sable fonctionne en mémoire et le dit', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('Stockage désactivé', 'SecurityError'); },
    });
  });
  await h.open(page, '/');
  await expect(page.getByText('Le stockage local du navigateur est indisponible')).toBeVisible();
  await h.createAccount(page, { email: 'memoire@exemple.fr' });
  await h.activateFromMailbox(page, 'memoire@exemple.fr');
  await h.login(page, 'memoire@exemple.fr');
  await w.verify();
});

test('liens profonds, rechargement, page introuvable, pages des domaines et politique de sécurité', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  for (const [hash, title] of [
    ['/aide', 'Aide'],
    ['/facturation', 'Domaine Facturation'],
    ['/organisation', 'Domaine Organisation'],
    ['/formateur', 'Espace formateur'],
    ['/recuperation', 'Récupération des données'],
    ['/messagerie/inexistant', 'Message'],
    ['/nimporte-quoi', 'Page introuvable'],
  ]) {
    await h.open(page, hash);
    await expect(page.locator('h1')).toHaveText(title);
    await page.reload();
    await page.waitForSelector('html[data-app-ready="1"]');
    await expect(page.locator('h1')).toHaveText(title);
    await expect(page.locator('nav[aria-label="Fil d\'Ariane"]')).toBeVisible();
    await expect(page.getByText('À quoi sert cette page ?')).toBeVisible();
    await h.checkA11y(page);
  }
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(csp).not.toContain('unsafe-inline');
  // An inline script injected at run time is blocked by the policy.
  const ran = await page.evaluate(() => new Promise((resolve) => {
    window.__inline = false;
    document.addEventListener('securitypolicyviolation', () => resolve('bloqué'), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = true';
    document.body.appendChild(s);
    setTimeout(() => resolve(window.__inline ? 'exécuté' : 'bloqué'), 500);
  }));
  expect(ran).toBe('bloqué');
  await w.verify([/Content Security Policy/]);
});
