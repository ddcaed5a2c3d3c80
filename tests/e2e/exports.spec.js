// CSV exports open in a French spreadsheet as they are (issue 11, item 7): a UTF-8 byte order mark,
// `;` between cells, and a cell a spreadsheet would run as a formula neutralised.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const h = require('./helpers');

test('l’export CSV des utilisateurs commence par le BOM et neutralise une formule', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/connexion');
  await page.getByRole('button', { name: 'Utiliser le compte de Claire Durand' }).click();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('.structure-courante')).toHaveText('Structure : Menuiserie Durand et Fils');

  // A name a spreadsheet would run as a formula.
  await h.open(page, '/mon-compte');
  await h.field(page, 'Nom').fill('=HYPERLINK("http://exemple.invalid","x")');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Vos informations ont été enregistrées.')).toBeVisible();

  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Utilisateurs' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter les utilisateurs et leurs habilitations (CSV)' }).click(),
  ]);
  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8').replace(/^\uFEFF/, '');
  expect(csv.split(/\r?\n/)[0]).toMatch(/^Structure;Identifiant de la structure;Nom;Prénom;/);
  // The formula arrives as text, behind an apostrophe, never as a formula.
  expect(csv).toContain('"\'=HYPERLINK(""http://exemple.invalid"",""x"")";Claire;');
  expect(csv).not.toMatch(/;=HYPERLINK/);
  await h.checkA11y(page);
  await w.verify();
});

// Exports keep everything (issue 11, item 6): the attachment bytes travel in the export file
// (base64 under « fichiers ») and come back, identical, in a fresh browser profile; bytes missing
// from the browser are said at the download and named by the next export.
const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const PLAN = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% EXP-001\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
/** Every byte value, twice: nothing a text encoding would leave unchanged by chance. */
const DONNEES = Buffer.from([...Array(512).keys()].map((i) => (i * 7) % 256));

async function download(page, name) {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return d;
}

async function openDraft(page) {
  await h.open(page, '/factures-emises/brouillons');
  await page.getByRole('link', { name: 'EXP-001' }).click();
  await expect(page.locator('h1')).toHaveText('Compléter le brouillon');
}

test('export d’un brouillon avec deux pièces jointes, import dans un navigateur neuf : les octets reviennent à l’identique', async ({ page, browser, baseURL }, testInfo) => {
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Numéro de facture').fill('EXP-001');
  await page.locator('#pieces').setInputFiles([
    { name: 'plan.pdf', mimeType: 'application/pdf', buffer: PLAN },
    { name: 'donnees.zip', mimeType: 'application/zip', buffer: DONNEES },
  ]);
  await expect(page.getByText(/donnees\.zip/)).toBeVisible();
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText('Le brouillon est enregistré')).toBeVisible();

  await h.enterTrainerMode(page);
  const exported = await download(page, 'Exporter mes données');
  const file = testInfo.outputPath('export.json');
  await exported.saveAs(file);
  await expect(page.getByText(/Fichiers absents/)).toHaveCount(0);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(Object.values(json.fichiers).sort()).toEqual([PLAN.toString('base64'), DONNEES.toString('base64')].sort());
  await w.verify();

  // A fresh profile: no localStorage, no IndexedDB.
  const context = await browser.newContext({ baseURL, acceptDownloads: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const fresh = await context.newPage();
  const w2 = h.watch(fresh, baseURL);
  await h.enterTrainerMode(fresh);
  await h.field(fresh, "Fichier d'export (.json)").setInputFiles(file);
  await expect(fresh.getByText(/2 pièces jointes \(2 avec leur fichier, 0 sans\)/)).toBeVisible();
  await h.checkA11y(fresh);
  await fresh.getByRole('button', { name: 'Remplacer le bac à sable par ce fichier' }).click();
  await fresh.getByRole('button', { name: 'Oui, remplacer' }).click();
  await expect(fresh.getByText('Le bac à sable a été remplacé')).toBeVisible();

  await h.login(fresh, CLAIRE, DEMO_PASSWORD);
  await openDraft(fresh);
  for (const [name, bytes] of [['plan.pdf', PLAN], ['donnees.zip', DONNEES]]) {
    const d = await download(fresh, `Télécharger ${name}`);
    expect(d.suggestedFilename()).toBe(name);
    expect(fs.readFileSync(await d.path()).equals(bytes)).toBe(true);
  }

  // The bytes deleted from this browser (the database cannot be deleted while a connection of the
  // app stays open: « blocked » fails the test).
  const deleted = await fresh.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('cpsb-pieces-jointes');
    req.onsuccess = () => resolve('supprimée');
    req.onerror = () => resolve('erreur');
    req.onblocked = () => resolve('bloquée');
  }));
  expect(deleted).toBe('supprimée');
  await h.reload(fresh);
  await openDraft(fresh);
  await fresh.getByRole('button', { name: 'Télécharger plan.pdf' }).click();
  await expect(fresh.getByText('Le fichier « plan.pdf » est absent de ce navigateur')).toBeVisible();
  await h.checkA11y(fresh);

  await h.enterTrainerMode(fresh);
  await download(fresh, 'Exporter mes données');
  await expect(fresh.getByText('Fichiers absents de ce navigateur, exportés sans leur contenu : « plan.pdf » (facture EXP-001), « donnees.zip » (facture EXP-001).')).toBeVisible();
  await h.checkA11y(fresh);
  await w2.verify();
  await context.close();
});
