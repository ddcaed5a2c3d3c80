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
