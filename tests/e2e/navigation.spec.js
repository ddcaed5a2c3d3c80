// Where the user is and what a page starts from: the breadcrumb follows the viewer's side, the
// invoice form starts clean at every address, the home page after login says what to do now.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NADIA = 'nadia.benali@rivebelle.example';


test('le formulaire de facture repart propre à chaque adresse ; la facture envoyée a sa propre adresse', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Numéro de facture').fill('NAV-001');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.locator('.resume-erreurs')).toBeVisible();
  // Another address: a clean form, no error.
  await h.open(page, '/factures-emises/depot');
  await expect(page.locator('.resume-erreurs')).toHaveCount(0);
  await expect(h.field(page, 'Numéro de facture')).toHaveValue('');
  await h.open(page, '/factures-emises/saisie');
  await expect(page.locator('.resume-erreurs')).toHaveCount(0);
  await expect(h.field(page, 'Numéro de facture')).toHaveValue('');
  await h.checkA11y(page);

  await h.fillInvoice(page, 'NAV-002');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Destinataire : Ville de Rivebelle');
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText('La facture n° NAV-002 est validée')).toBeVisible();
  expect(page.url()).toMatch(/\/factures-emises\/saisie\?envoyee=[0-9a-z]+$/);
  // Its address shows it again after a reload.
  await h.reload(page);
  await expect(page.getByText('La facture n° NAV-002 est validée')).toBeVisible();
  await page.getByRole('button', { name: 'Saisir une autre facture' }).click();
  await expect(page.locator('h1')).toHaveText('Saisir une facture');
  expect(page.url()).not.toContain('envoyee');
  await expect(h.field(page, 'Numéro de facture')).toHaveValue('');
  await expect(page.locator('.resume-erreurs')).toHaveCount(0);
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await w.verify();
});

test('le fil d’Ariane d’une facture reçue nomme « Factures reçues » ; l’accueil connecté dit quoi faire', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const supplier = await context.newPage();
  const w = h.watch(supplier, baseURL);
  await h.login(supplier, CLAIRE, DEMO_PASSWORD);
  // Home after login: the structure and what to do, never « Créer un compte ».
  await h.open(supplier, '/');
  await expect(supplier.getByRole('heading', { name: 'À faire maintenant' })).toBeVisible();
  await expect(supplier.getByRole('link', { name: 'Menuiserie Durand et Fils' }).first()).toBeVisible();
  await expect(supplier.getByRole('link', { name: 'Créer un compte' })).toHaveCount(0);
  await h.open(supplier, '/factures-emises/saisie');
  await h.fillInvoice(supplier, 'NAV-010');
  await supplier.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(supplier.getByText('Le brouillon est enregistré')).toBeVisible();
  await h.open(supplier, '/');
  await supplier.getByRole('link', { name: '1 brouillon à compléter et envoyer' }).click();
  await expect(supplier.locator('h1')).toContainText('Brouillons');
  await h.checkA11y(supplier);

  await h.open(supplier, '/factures-emises/saisie');
  await h.fillInvoice(supplier, 'NAV-011');
  await supplier.getByRole('button', { name: 'Valider et envoyer' }).click();
  await supplier.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(supplier.getByText('La facture n° NAV-011 est validée')).toBeVisible();
  await supplier.getByRole('link', { name: 'Consulter la facture' }).click();
  const crumbs = supplier.getByRole('navigation', { name: "Fil d'Ariane" });
  await expect(crumbs).toContainText('Factures émises — Synthèse');

  // The recipient opens it from « Factures reçues »: its breadcrumb says so.
  const agent = await context.newPage();
  const wa = h.watch(agent, baseURL);
  await h.login(agent, NADIA, DEMO_PASSWORD);
  await h.open(agent, '/');
  await expect(agent.getByRole('link', { name: /factures? reçues? à traiter/ })).toBeVisible();
  await h.open(agent, '/factures-recues');
  await agent.getByRole('link', { name: 'NAV-011', exact: true }).click();
  await expect(agent.locator('h1')).toHaveText('Facture n° NAV-011');
  const agentCrumbs = agent.getByRole('navigation', { name: "Fil d'Ariane" });
  await expect(agentCrumbs.getByRole('link', { name: 'Factures reçues — Synthèse' })).toBeVisible();
  await expect(agentCrumbs).not.toContainText('Factures émises');
  await h.checkA11y(agent);
  await w.verify();
  await wa.verify();
  await context.close();
});
