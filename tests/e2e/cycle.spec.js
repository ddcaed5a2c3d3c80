// Cycle de vie (issue 5), both sides in two tabs sharing the sandbox: the supplier sends, the
// agent suspends with a motif, the supplier sees the dialog and completes, the agent sends it to
// recycling, the supplier recycles to another service, the agent rejects, the supplier
// acknowledges and treats the rejection; another invoice goes to mise en paiement through the
// simulated recipient after advancing the clock; histories show each step with its actor; the
// CSV export of a filtered list holds exactly the rows shown.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NADIA = 'nadia.benali@rivebelle.example';
// Ville de Rivebelle: code service obligatoire; Nadia is its agent (Factures reçues).
const RIVEBELLE = '92675667700130';
// Commune de Val-Fleuri: nobody works there, its simulated agent treats normally.
const FLEURI = '92466209100496';

async function send(page, { dest, service, numero }) {
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Identifiant du destinataire (SIRET)').fill(dest);
  if (service) await h.field(page, 'Code service').selectOption(service);
  await h.field(page, 'Numéro de facture').fill(numero);
  await page.locator('#ligne-1-designation').fill('Fenêtre en chêne');
  await page.locator('#ligne-1-quantite').fill('2');
  await page.locator('#ligne-1-prix').fill('300');
  await page.locator('#ligne-1-taux').selectOption({ label: '20 %' });
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText(`La facture n° ${numero} est validée, elle est en cours de transmission.`)).toBeVisible();
}

/** The agent treats one invoice from « Factures reçues ». */
async function treat(page, numero, statut, motif) {
  await h.open(page, '/factures-recues');
  await page.getByRole('checkbox', { name: `Sélectionner la facture n° ${numero}` }).check();
  await page.locator('#statut').selectOption({ label: statut });
  if (motif) await page.locator('#motif').fill(motif);
  await page.getByRole('button', { name: 'Valider le traitement' }).click();
  await expect(page.getByText(`La facture est passée au statut « ${statut} ».`)).toBeVisible();
}

async function openInvoice(page, numero) {
  await h.open(page, '/factures-emises');
  await page.getByRole('link', { name: numero, exact: true }).click();
  await expect(page.locator('h1')).toHaveText(`Facture n° ${numero}`);
}

test('cycle de vie des deux côtés : suspension, complément, recyclage, rejet, acquittement ; destinataire simulé ; export CSV', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const supplier = await context.newPage();
  const w = h.watch(supplier, baseURL);
  await h.login(supplier, CLAIRE, DEMO_PASSWORD);
  await send(supplier, { dest: RIVEBELLE, service: 'ACHATS', numero: 'CYC-001' });

  // The agent, in another tab of the same browser.
  const agent = await context.newPage();
  const wa = h.watch(agent, baseURL);
  await h.login(agent, NADIA, DEMO_PASSWORD);
  await h.open(agent, '/factures-recues');
  await expect(agent.getByRole('row', { name: /CYC-001/ })).toContainText('Mise à disposition');
  await h.checkA11y(agent);
  // The field is « Motif » for a suspension, with the usual motifs offered (free text stays).
  await agent.getByRole('checkbox', { name: 'Sélectionner la facture n° CYC-001' }).check();
  await agent.locator('#statut').selectOption({ label: 'Suspendue' });
  await expect(h.field(agent, 'Motif')).toHaveAttribute('list', 'motifs-usuels');
  await expect(agent.locator('#motifs-usuels option')).toHaveCount(2);
  await expect(agent.locator('#motifs-usuels option').first()).toHaveAttribute('value', 'Pièce justificative manquante');
  await treat(agent, 'CYC-001', 'Suspendue', 'Bon de livraison manquant');

  // The supplier: the dialog at the next page, then « Compléter ».
  await h.reload(supplier);
  const dialog = supplier.getByRole('dialog', { name: 'Factures rejetées ou suspendues' });
  await expect(dialog).toContainText('CYC-001');
  await expect(dialog).toContainText('Bon de livraison manquant');
  await h.checkA11y(supplier);
  await supplier.getByRole('button', { name: 'Acquitter la facture n° CYC-001' }).click();
  await expect(dialog).toHaveCount(0);
  await openInvoice(supplier, 'CYC-001');
  // The recipient's motif, who gave it and when, at the top of the box where the supplier acts.
  const completer = supplier.getByRole('region', { name: 'Compléter la facture' });
  await expect(completer.locator('.motif-destinataire')).toContainText('Motif du destinataire (Suspendue) : Bon de livraison manquant');
  await expect(completer.locator('.motif-destinataire')).toContainText(/Par Nadia Benali, le \d{2}\/\d{2}\/\d{4}/);
  await supplier.getByLabel('Commentaire', { exact: true }).fill('Bon de livraison signé joint');
  await supplier.locator('#complement_pieces').setInputFiles({ name: 'bon-livraison.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await expect(supplier.getByText(/bon-livraison\.pdf/)).toBeVisible();
  await supplier.getByRole('button', { name: 'Compléter la facture' }).click();
  await expect(supplier.getByText('La facture est complétée')).toBeVisible();
  await h.checkA11y(supplier);

  // The agent sends it to recycling: wrong service.
  await treat(agent, 'CYC-001', 'À recycler', 'Mauvais service : adressez-la à la DSI');

  // The supplier recycles it to the DSI service, same number.
  await openInvoice(supplier, 'CYC-001');
  await expect(supplier.getByRole('heading', { name: 'Recycler la facture' })).toBeVisible();
  await expect(supplier.getByRole('region', { name: 'Recycler la facture' }).locator('.motif-destinataire'))
    .toContainText('Motif du destinataire (À recycler) : Mauvais service : adressez-la à la DSI');
  await supplier.locator('#recyclage_code_service').selectOption('DSI');
  await supplier.getByRole('button', { name: 'Recycler la facture' }).click();
  await expect(supplier.getByText('La facture est recyclée')).toBeVisible();

  // The agent rejects it.
  await treat(agent, 'CYC-001', 'Rejetée', 'Montant erroné : le devis prévoyait 550 € HT');

  // The supplier acknowledges (all and close) and treats the rejection.
  await h.reload(supplier);
  await supplier.getByRole('button', { name: 'Tout acquitter et fermer' }).click();
  await expect(supplier.getByRole('dialog')).toHaveCount(0);
  await openInvoice(supplier, 'CYC-001');
  await supplier.getByRole('button', { name: 'Traiter le rejet' }).click();
  await supplier.getByRole('button', { name: 'Oui, traiter le rejet' }).click();
  await expect(supplier.getByText('Le rejet est traité')).toBeVisible();

  // Its history shows every step with its actor, in the three blocks.
  const statuts = supplier.getByRole('table', { name: 'Historique des statuts' });
  const expected = [
    ['Déposée', 'Claire Durand'], ['Mise à disposition', 'Chorus Pro (système)'], ['Suspendue', 'Nadia Benali'],
    ['Complétée', 'Claire Durand'], ['À recycler', 'Nadia Benali'], ['Mise à disposition', 'Chorus Pro (système)'],
    ['Rejetée', 'Nadia Benali'],
  ];
  const rows = statuts.locator('tbody tr');
  await expect(rows).toHaveCount(expected.length);
  for (let i = 0; i < expected.length; i++) {
    await expect(rows.nth(i)).toContainText(expected[i][0]);
    await expect(rows.nth(i)).toContainText(expected[i][1]);
  }
  const actions = supplier.getByRole('table', { name: 'Historique des actions utilisateurs' });
  await expect(actions).toContainText('ACQUITTEMENT_SUSPENSION');
  await expect(actions).toContainText('ACQUITTEMENT_REJET');
  await expect(actions).toContainText('TRAITEMENT_REJET');
  await expect(supplier.getByRole('table', { name: 'Historique des événements complémentaires' })).toContainText('Facture recyclée');
  await h.checkA11y(supplier);

  // Treated, the rejection leaves the Synthèse.
  await h.open(supplier, '/factures-emises');
  await expect(supplier.getByRole('link', { name: 'CYC-001', exact: true })).toHaveCount(0);

  // Each status change reached Claire's mailbox.
  await h.open(supplier, '/messagerie');
  await h.field(supplier, 'Boîte de réception').selectOption(CLAIRE);
  await expect(supplier.getByRole('link', { name: 'Facture n° CYC-001 : Rejetée' })).toBeVisible();
  await expect(supplier.getByRole('link', { name: 'Facture n° CYC-001 : Suspendue' })).toBeVisible();

  // Another invoice, to a structure whose simulated agent treats normally; the clock advances.
  await send(supplier, { dest: FLEURI, numero: 'CYC-002' });
  await h.enterTrainerMode(supplier);
  await supplier.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  await openInvoice(supplier, 'CYC-002');
  await expect(supplier.locator('.statut').first()).toHaveText('Mise en paiement');
  const simulated = supplier.getByRole('table', { name: 'Historique des statuts' });
  for (const s of ['Service fait', 'Mandatée', 'Mise en paiement']) {
    await expect(simulated.getByRole('row', { name: new RegExp(s) })).toContainText('Agent simulé du destinataire');
  }

  // The dashboard counts it and links into the filtered list.
  await h.open(supplier, '/tableau-de-bord');
  await h.checkA11y(supplier);
  const emises = supplier.getByRole('table', { name: 'Factures émises par statut' });
  await expect(emises.getByRole('row', { name: /Mise en paiement/ })).toContainText('1');
  await emises.getByRole('link', { name: 'Mise en paiement' }).click();
  await expect(supplier.locator('h1')).toContainText('Factures émises — Synthèse');
  await expect(supplier.locator('table.tableau tbody tr')).toHaveCount(1);
  await expect(supplier.locator('table.tableau tbody tr')).toContainText('CYC-002');

  // CSV export of a filtered list: exactly the rows shown.
  await send(supplier, { dest: FLEURI, numero: 'AUTRE-001' });
  await h.open(supplier, '/factures-emises');
  await supplier.locator('#recherche-numero').fill('CYC');
  const shown = await supplier.locator('table.tableau tbody tr').allTextContents();
  expect(shown.length).toBe(1);
  const [download] = await Promise.all([
    supplier.waitForEvent('download'),
    supplier.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv.length).toBe(1 + shown.length);
  expect(csv[1]).toContain('CYC-002');
  expect(csv.join('\n')).not.toContain('AUTRE-001');
  await w.verify();
  await wa.verify();
  await context.close();
});
