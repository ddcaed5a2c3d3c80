// Issue 16, items 1 and 3: the A9 validation circuit across tabs (the sub-contractor deposits,
// the titulaire validates in « Factures à valider », the recipient sees it in « Factures reçues »);
// an A9 invoice left 15 days is validated tacitly on the sandbox clock; a sollicitation to a
// public structure's service is answered and closed, one to the support is answered by the
// simulated support a day later. axe-core on every new page.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NADIA = 'nadia.benali@rivebelle.example';
const SAMI = 'sami.roux@nettoyage-atlantique.example';
// The Menuiserie Durand et Fils: titulaire of the marché, valideur of its sub-contractor.
const MENUISERIE = '95000011700016';
const RIVEBELLE = '92675667700130';

/** Sami deposits an A9 invoice to Rivebelle (service ACHATS) naming the Menuiserie as valideur. */
async function deposerA9(page, numero) {
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Cadre de facturation').selectOption({ label: "A9 — Dépôt par un sous-traitant d'une facture" });
  await h.field(page, 'Identifiant du valideur (titulaire ou mandataire)').fill(MENUISERIE);
  await h.fillInvoice(page, numero);
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText(`La facture n° ${numero} est validée`)).toBeVisible();
}

async function ouvrirEmise(page, numero) {
  await h.open(page, '/factures-emises');
  await page.getByRole('link', { name: numero, exact: true }).click();
  await expect(page.locator('h1')).toHaveText(`Facture n° ${numero}`);
}

test('A9 : le sous-traitant dépose, le titulaire valide dans un autre onglet, le destinataire la reçoit ; 15 jours sans réponse valent validation', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext();
  const sami = await context.newPage();
  const ws = h.watch(sami, baseURL);
  await h.login(sami, SAMI, DEMO_PASSWORD);
  await deposerA9(sami, 'ST-001');
  await ouvrirEmise(sami, 'ST-001');
  await expect(sami.locator('.statut').first()).toHaveText('À valider (1er valideur)');
  await expect(sami.getByText(/Valideur : Menuiserie Durand et Fils/)).toBeVisible();
  // The supplier may correct the valideur while it waits.
  await expect(sami.getByRole('heading', { name: 'Corriger le valideur' })).toBeVisible();
  await h.checkA11y(sami);

  // The recipient does not see it yet.
  const nadia = await context.newPage();
  const wn = h.watch(nadia, baseURL);
  await h.login(nadia, NADIA, DEMO_PASSWORD);
  await h.open(nadia, '/factures-recues');
  await expect(nadia.getByRole('link', { name: 'ST-001', exact: true })).toHaveCount(0);

  // The titulaire, in another tab: « Factures à valider ».
  const claire = await context.newPage();
  const wc = h.watch(claire, baseURL);
  await h.login(claire, CLAIRE, DEMO_PASSWORD);
  await h.open(claire, '/factures-a-valider');
  await expect(claire.getByRole('row', { name: /ST-001/ })).toContainText('À valider (1er valideur)');
  await h.checkA11y(claire);
  await claire.getByRole('link', { name: 'ST-001', exact: true }).click();
  await expect(claire.locator('h1')).toHaveText('Facture n° ST-001');
  const panneau = claire.getByRole('region', { name: 'Valider ou refuser la facture' });
  await expect(panneau).toBeVisible();
  await expect(claire.locator('#motif_refus option')).toHaveCount(6);
  await h.checkA11y(claire);
  await expect(h.field(claire, 'Vous êtes titulaire (ou mandataire) du marché')).toBeChecked();
  await h.field(claire, "Complément d'information").fill('Prestations conformes au contrat de sous-traitance.');
  await claire.getByRole('button', { name: 'Valider', exact: true }).click();
  await expect(claire.getByText('La facture est validée : elle poursuit son circuit.')).toBeVisible();
  const histo = claire.getByRole('table', { name: 'Historique des statuts' });
  await expect(histo.getByRole('row', { name: /Validée \(1er valideur\)/ })).toContainText('Claire Durand');
  await expect(histo.getByRole('row', { name: /Validée \(1er valideur\)/ })).toContainText('Prestations conformes');

  // The recipient now has it, in the ordinary lifecycle.
  await h.open(nadia, '/factures-recues');
  await expect(nadia.getByRole('row', { name: /ST-001/ })).toContainText('Mise à disposition');

  // The mails of each step.
  await h.open(claire, '/messagerie');
  await h.field(claire, 'Boîte de réception').selectOption(CLAIRE);
  await expect(claire.getByRole('link', { name: 'Facture n° ST-001 à valider' })).toBeVisible();
  await h.field(claire, 'Boîte de réception').selectOption(SAMI);
  await expect(claire.getByRole('link', { name: 'Facture n° ST-001 : Mise à disposition' })).toBeVisible();

  // A second A9 invoice nobody answers: 15 days of sandbox time validate it tacitly.
  await deposerA9(sami, 'ST-002');
  await h.enterTrainerMode(sami);
  await expect(sami.getByRole('heading', { name: 'Valideur simulé (factures A9 et A12)' })).toBeVisible();
  await h.checkA11y(sami);
  await sami.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  await sami.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  await ouvrirEmise(sami, 'ST-002');
  await expect(sami.locator('.statut').first()).toHaveText('À valider (1er valideur)');
  await h.open(sami, '/formateur');
  await sami.getByRole('button', { name: 'Avancer de 1 jour' }).click();
  await ouvrirEmise(sami, 'ST-002');
  await expect(sami.locator('.statut').first()).toHaveText('Mise à disposition');
  await expect(sami.getByRole('table', { name: 'Historique des statuts' }))
    .toContainText('Validée tacitement (1er valideur, hors délai)');
  await h.open(nadia, '/factures-recues');
  await expect(nadia.getByRole('row', { name: /ST-002/ })).toContainText('Mise à disposition');
  await ws.verify();
  await wn.verify();
  await wc.verify();
  await context.close();
});

test("sollicitation au service d'une entité publique : réponse, clôture ; le support simulé répond le lendemain", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const claire = await context.newPage();
  const wc = h.watch(claire, baseURL);
  await h.login(claire, CLAIRE, DEMO_PASSWORD);
  await h.open(claire, '/sollicitations/mes');
  await h.checkA11y(claire);
  await claire.locator('p.actions').getByRole('link', { name: 'Nous contacter', exact: true }).click();
  await expect(claire.locator('h1')).toHaveText('Nous contacter');
  // Submitting empty: precise messages next to the fields.
  await claire.getByRole('button', { name: 'Soumettre' }).click();
  await expect(claire.locator('#sous_categorie-erreur')).toBeVisible();
  await h.field(claire, 'Catégorie').selectOption({ label: 'Facturation' });
  await h.field(claire, 'Sous-catégorie').selectOption({ label: "Suivi du traitement ou du paiement d'une facture (service de l'entité publique)" });
  await h.field(claire, 'Identifiant de la structure publique').fill(RIVEBELLE);
  await h.field(claire, 'Code service').selectOption('ACHATS');
  await h.field(claire, 'Titre (résumé)').fill('Paiement de la facture CYC-900');
  await h.field(claire, 'Description').fill('Bonjour,\nla facture est en service fait depuis 40 jours.');
  await h.checkA11y(claire);
  await claire.getByRole('button', { name: 'Soumettre' }).click();
  await expect(claire.locator('h1')).toHaveText(/Sollicitation n° SOL-\d{4}-\d{6}/);
  const numero = (await claire.locator('h1').textContent()).replace('Sollicitation n° ', '').trim();
  await h.checkA11y(claire);

  // The agent of the service, in another tab.
  const nadia = await context.newPage();
  const wn = h.watch(nadia, baseURL);
  await h.login(nadia, NADIA, DEMO_PASSWORD);
  await h.open(nadia, '/sollicitations/recues');
  await expect(nadia.getByRole('button', { name: 'Actions requises (1)' })).toBeVisible();
  await h.checkA11y(nadia);
  await nadia.getByRole('link', { name: numero }).click();
  await expect(nadia.getByText('la facture est en service fait depuis 40 jours.')).toBeVisible();
  await h.checkA11y(nadia);
  await h.field(nadia, 'Votre message').fill('Le paiement est ordonné pour le 15 du mois.');
  await nadia.getByRole('button', { name: 'Répondre', exact: true }).click();
  await expect(nadia.getByText('Votre réponse est envoyée au demandeur.')).toBeVisible();

  // The sender reads the answer (and its mail), then closes.
  await h.open(claire, '/messagerie');
  await h.field(claire, 'Boîte de réception').selectOption(CLAIRE);
  await expect(claire.getByRole('link', { name: `Sollicitation n° ${numero} : réponse` })).toBeVisible();
  await h.open(claire, '/sollicitations/mes');
  await expect(claire.getByRole('button', { name: 'Actions requises (1)' })).toBeVisible();
  await claire.getByRole('link', { name: numero }).click();
  await expect(claire.getByText('Le paiement est ordonné pour le 15 du mois.')).toBeVisible();
  await claire.getByRole('button', { name: 'Clôturer' }).click();
  await expect(claire.getByText('La sollicitation est clôturée.')).toBeVisible();
  await h.open(claire, '/sollicitations/mes');
  await claire.getByRole('button', { name: 'Clôturés (1)' }).click();
  await expect(claire.getByRole('row', { name: new RegExp(numero) })).toContainText('Clôturée');

  // To the support: answered a day later on the sandbox clock, with the help text.
  await h.open(claire, '/sollicitations/nouvelle');
  await h.field(claire, 'Catégorie').selectOption({ label: 'Compte et connexion' });
  await h.field(claire, 'Sous-catégorie').selectOption({ label: "Je n'ai pas reçu mon lien d'activation (ou il a expiré)" });
  await h.field(claire, 'Titre (résumé)').fill("Lien d'activation de mon collègue");
  await h.field(claire, 'Description').fill("Il n'a rien reçu.");
  await claire.getByRole('button', { name: 'Soumettre' }).click();
  await expect(claire.getByText('Support Chorus Pro', { exact: true })).toBeVisible();
  const url = claire.url();
  await h.enterTrainerMode(claire);
  await claire.getByRole('button', { name: 'Avancer de 1 jour' }).click();
  await claire.goto(url);
  await expect(claire.getByText(/valable 60 minutes/)).toBeVisible();
  await expect(claire.getByText('Support Chorus Pro (simulé)', { exact: false })).toBeVisible();
  await wc.verify();
  await wn.verify();
  await context.close();
});
