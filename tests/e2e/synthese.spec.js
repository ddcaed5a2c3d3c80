// The Synthèse at 1366×768: its first row without scrolling, the « Recherche avancée » folded
// (open by itself for an advanced criterion, also from the URL), the Type column; an avoir dated
// today, listed by its type and date while it has no number, confirmed as « L'avoir n° … ».
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const CLAIRE = 'claire.durand@menuiserie-durand.example';
const DEMO_PASSWORD = 'Bac-a-sable-2026';
// Commune de Saint-Ormeau: no parameter required.
const SAINT_ORMEAU = '93199312500133';

async function send(page, numero) {
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Identifiant du destinataire (SIRET)').fill(SAINT_ORMEAU);
  await h.field(page, 'Numéro de facture').fill(numero);
  await page.locator('#ligne-1-designation').fill('Étagère');
  await page.locator('#ligne-1-quantite').fill('1');
  await page.locator('#ligne-1-prix').fill('100');
  await page.locator('#ligne-1-taux').selectOption({ label: '20 %' });
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Destinataire : Commune de Saint-Ormeau');
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText(`La facture n° ${numero} est validée, elle est en cours de transmission.`)).toBeVisible();
}

/** Today in the sandbox, as the forms show it (Paris). */
function todayFr() {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
}

test('la Synthèse montre sa première ligne sans défiler à 1366×768 ; un avoir est listé par type et confirmé « L\'avoir n° … »', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await send(page, 'SYN-001');

  await h.open(page, '/factures-emises');
  const avancee = page.locator('details.recherche-avancee');
  await expect(avancee).toHaveJSProperty('open', false);
  await expect(h.field(page, 'Numéro de facture')).toBeVisible();
  await expect(page.getByLabel('Montant TTC minimum')).toBeHidden();
  const first = page.locator('table.tableau tbody tr').first();
  await expect(first).toContainText('SYN-001');
  const box = await first.boundingBox();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(box.y + box.height).toBeLessThanOrEqual(768);
  await expect(page.getByRole('columnheader', { name: 'Type' })).toBeVisible();
  await expect(first.getByRole('cell', { name: 'Facture', exact: true })).toBeVisible();
  await h.checkA11y(page);

  // An advanced criterion in the URL opens the advanced search by itself.
  await h.open(page, '/factures-emises?statut=MISE_A_DISPOSITION');
  await expect(page.locator('details.recherche-avancee')).toHaveJSProperty('open', true);
  await expect(page.getByText('Recherche avancée (critères actifs)')).toBeVisible();
  await expect(page.locator('#recherche-statut-MISE_A_DISPOSITION')).toBeChecked();

  // An avoir from the invoice: dated today, listed by type and date while it has no number.
  await page.getByRole('link', { name: 'SYN-001', exact: true }).click();
  await page.getByRole('button', { name: 'Créer un avoir' }).click();
  await page.getByRole('button', { name: "Créer le brouillon d'avoir" }).click();
  await expect(page.locator('#date_facture')).not.toHaveValue('');
  const iso = await page.locator('#date_facture').inputValue();
  const [y, m, d] = iso.split('-');
  expect(`${d}/${m}/${y}`).toBe(todayFr());
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText('Le brouillon est enregistré')).toBeVisible();
  await h.open(page, '/factures-emises/brouillons');
  await expect(page.getByRole('link', { name: `Avoir du ${todayFr()}` })).toBeVisible();
  await expect(page.getByText('(sans numéro)')).toHaveCount(0);
  await page.getByRole('link', { name: `Avoir du ${todayFr()}` }).click();
  await h.field(page, 'Numéro de facture').fill('AV-001');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText("Vous allez envoyer l'avoir n° AV-001");
  await expect(dialog).toContainText('Destinataire : Commune de Saint-Ormeau');
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText("L'avoir n° AV-001 est validé, il est en cours de transmission.")).toBeVisible();
  await expect(page.locator('h1')).toHaveText('Avoir envoyé');
  expect(page.url()).toMatch(/\/factures-emises\/saisie\?envoyee=[0-9a-z]+$/);

  // In the Synthèse: the « Avoir » badge; its page is titled as an avoir.
  await h.open(page, '/factures-emises');
  const row = page.getByRole('row', { name: /AV-001/ });
  await expect(row.locator('.etiquette-avoir')).toHaveText('Avoir');
  await row.getByRole('link', { name: 'AV-001' }).click();
  await expect(page.locator('h1')).toHaveText('Avoir n° AV-001');
  await h.checkA11y(page);
  await w.verify();
});
