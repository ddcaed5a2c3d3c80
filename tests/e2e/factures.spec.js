// Factures émises (issue 4): the full saisie of a 3-line invoice with two VAT rates to a recipient
// that requires an EJ (refused without it, deposited with it, certificate with the right TTC), the
// same number refused with the portal's message, drafts, and a PDF deposit with an attachment whose
// bytes go through IndexedDB and come back on download.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const CLAIRE = 'claire.durand@menuiserie-durand.example';
const DEMO_PASSWORD = 'Bac-a-sable-2026';
// Université de Rivebelle: « Engagement juridique obligatoire » in the annuaire.
const UNIVERSITE = '94246602000131';
// Commune de Saint-Ormeau: no parameter required.
const SAINT_ORMEAU = '93199312500133';

/** French amounts use narrow no-break spaces: match any space. */
const amount = (text) => new RegExp(text.replace(/ /g, '\\s').replace(',', ','));

async function fillLine(page, n, { designation, quantite, prix, taux }) {
  await page.locator(`#ligne-${n}-designation`).fill(designation);
  await page.locator(`#ligne-${n}-quantite`).fill(quantite);
  await page.locator(`#ligne-${n}-prix`).fill(prix);
  await page.locator(`#ligne-${n}-taux`).selectOption({ label: taux });
}

test('saisie complète : 3 lignes, deux taux, EJ exigé puis fourni, certificat de dépôt, numéro déjà utilisé', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await h.open(page, '/factures-emises/saisie');
  await expect(page.locator('h1')).toHaveText('Saisir une facture');
  await h.checkA11y(page);

  // Destinataire: found in the annuaire without leaving the form.
  await page.getByRole('button', { name: "Rechercher dans l'annuaire" }).click();
  await h.field(page, 'Rechercher une structure publique (nom ou SIRET)').fill('Université de Rivebelle');
  await page.getByRole('button', { name: 'Choisir Université de Rivebelle' }).click();
  await expect(h.field(page, 'Identifiant du destinataire (SIRET)')).toHaveValue(UNIVERSITE);
  await expect(page.getByText('Paramètres : Engagement juridique obligatoire')).toBeVisible();

  await h.field(page, 'Numéro de facture').fill('FA-2026-042');
  await fillLine(page, 1, { designation: 'Porte en chêne', quantite: '2', prix: '450', taux: '20 %' });
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await expect(page.locator('#ligne-2-designation')).toBeFocused();
  await fillLine(page, 2, { designation: 'Pose', quantite: '3,5', prix: '62,40', taux: '20 %' });
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await fillLine(page, 3, { designation: 'Isolation (rénovation énergétique)', quantite: '1', prix: '199,99', taux: '5,5 %' });
  // 900,00 + 218,40 at 20 % → TVA 223,68; 199,99 at 5,5 % → TVA 11,00.
  await expect(page.locator('#total-ht')).toHaveText(amount('1 318,39 €'));
  await expect(page.locator('#total-tva')).toHaveText(amount('234,68 €'));
  await expect(page.locator('#total-ttc')).toHaveText(amount('1 553,07 €'));
  await expect(page.getByRole('row', { name: /5,5/ })).toContainText(amount('11,00 €'));
  await h.checkA11y(page);

  // Without the EJ the portal refuses, at the field.
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.locator('#ej-erreur')).toContainText("exige un numéro d'engagement juridique");
  await expect(page.locator('.resume-erreurs')).toBeFocused();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);

  await h.field(page, "Numéro d'engagement juridique (bon de commande)").fill('EJ-2026-0042');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  const dialog = page.getByRole('alertdialog', { name: "Confirmation d'envoi" });
  await expect(dialog).toContainText('FA-2026-042');
  await expect(dialog).toContainText(amount('1 553,07 €'));
  await expect(page.getByRole('button', { name: 'Confirmer et envoyer' })).toBeFocused();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'La facture n° FA-2026-042 est validée, elle est en cours de transmission.' })).toBeVisible();

  // The certificate: deposit date, TTC, SHA-256 fingerprint.
  await page.getByRole('link', { name: 'Certificat de dépôt' }).click();
  await expect(page.locator('h1')).toHaveText('Certificat de dépôt');
  const cert = page.locator('.certificat');
  await expect(cert).toContainText('FA-2026-042');
  await expect(cert).toContainText(amount('1 553,07 €'));
  await expect(cert).toContainText('Claire Durand');
  await expect(page.locator('#empreinte')).toHaveText(/^[0-9a-f]{64}$/);
  await h.checkA11y(page);

  // The invoice, read-only, with its history.
  await page.locator('.actions').getByRole('link', { name: 'Consulter la facture' }).click();
  await expect(page.locator('h1')).toHaveText('Facture n° FA-2026-042');
  const histo = page.getByRole('table', { name: 'Historique des statuts' });
  await expect(histo.getByRole('row', { name: /Déposée/ })).toContainText('Claire Durand');
  await expect(histo.getByRole('row', { name: /Mise à disposition/ })).toContainText('Chorus Pro (système)');
  await h.checkA11y(page);

  // The Synthèse lists it, made available to the recipient.
  await h.open(page, '/factures-emises');
  const row = page.getByRole('row', { name: /FA-2026-042/ });
  await expect(row).toContainText('Université de Rivebelle');
  await expect(row).toContainText('Mise à disposition');
  await expect(row).toContainText(amount('1 553,07 €'));
  await h.checkA11y(page);

  // The same number again: the portal's own message.
  await h.open(page, '/factures-emises/saisie');
  await h.field(page, 'Identifiant du destinataire (SIRET)').fill(UNIVERSITE);
  await h.field(page, "Numéro d'engagement juridique (bon de commande)").fill('EJ-2026-0043');
  await h.field(page, 'Numéro de facture').fill('FA-2026-042');
  await fillLine(page, 1, { designation: 'Fenêtre', quantite: '1', prix: '300', taux: '20 %' });
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.locator('#numero-erreur')).toHaveText('Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure');

  // Kept as a draft instead, then found in « Brouillons » and deleted.
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText('Le brouillon est enregistré')).toBeVisible();
  await h.open(page, '/factures-emises/brouillons');
  await expect(page.getByRole('row', { name: /FA-2026-042/ })).toContainText('Brouillon');
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Supprimer' }).click();
  await page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
  await expect(page.getByText('Le brouillon est supprimé')).toBeVisible();
  await expect(page.getByText('Aucun brouillon.')).toBeVisible();
  await w.verify();
});

/** A small PDF made of text (the PDF checks read its header and its trailer). */
function pdf(label, extra = '', padding = 0) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${label}\n${'%'.repeat(padding)}\ntrailer << /Root 1 0 R ${extra}>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('dépôt d\'un PDF de 5 Mo avec une pièce jointe : brouillon, IndexedDB, envoi, téléchargement', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await h.open(page, '/factures-emises/depot');
  await expect(page.locator('h1')).toHaveText('Déposer une facture');
  await h.checkA11y(page);

  // A protected PDF and a file that is not a PDF are refused.
  await page.locator('#pdf').setInputFiles({ name: 'protege.pdf', mimeType: 'application/pdf', buffer: pdf('x', '/Encrypt 5 0 R ') });
  await expect(page.locator('#pdf-erreur')).toContainText('protégé par un mot de passe');
  await page.locator('#pdf').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('pas un pdf') });
  await expect(page.locator('#pdf-erreur')).toContainText("n'est pas un PDF");

  const big = pdf('FA-2026-100', '', 5 * 1024 * 1024);
  await page.locator('#pdf').setInputFiles({ name: 'FA-2026-100.pdf', mimeType: 'application/pdf', buffer: big });
  await expect(page.getByText(/FA-2026-100\.pdf \(5/)).toBeVisible();
  await page.locator('#pieces').setInputFiles({ name: 'bon-de-commande.txt', mimeType: 'text/plain', buffer: Buffer.from('Bon de commande n° 12') });
  await expect(page.getByText(/bon-de-commande\.txt/)).toBeVisible();

  await h.field(page, 'Identifiant du destinataire (SIRET)').fill(SAINT_ORMEAU);
  await h.field(page, 'Numéro de facture').fill('FA-2026-100');
  await h.field(page, 'Montant HT').fill('1 000,00');
  await h.field(page, 'Montant de TVA').fill('200');
  await h.field(page, 'Montant TTC').fill('1 200,01');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText('Le brouillon est enregistré')).toBeVisible();
  await h.checkA11y(page);

  // Reopened from « Brouillons »: the bytes come back from IndexedDB.
  await h.reload(page);
  await h.open(page, '/factures-emises/brouillons');
  await page.getByRole('link', { name: 'FA-2026-100' }).click();
  await expect(page.locator('h1')).toHaveText('Compléter le brouillon');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger bon-de-commande.txt' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('bon-de-commande.txt');
  const fs = require('fs');
  expect(fs.readFileSync(await download.path(), 'utf8')).toBe('Bon de commande n° 12');

  // HT + TVA must make the TTC.
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.locator('#montant_ttc-erreur')).toContainText('égal au total HT plus la TVA');
  await h.field(page, 'Montant TTC').fill('1 200,00');
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText('La facture n° FA-2026-100 est validée, elle est en cours de transmission.')).toBeVisible();

  await page.locator('.actions').getByRole('link', { name: 'Consulter la facture' }).click();
  await expect(page.getByText("Dépôt d'un PDF sur le portail")).toBeVisible();
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger FA-2026-100.pdf' }).click(),
  ]);
  expect(fs.statSync(await pdfDownload.path()).size).toBe(big.length);
  await h.checkA11y(page);

  // The record holds the metadata only: the 5 MB stay out of localStorage.
  const records = await h.sandboxRecords(page);
  const facture = Object.entries(records).find(([k]) => k.startsWith('cpsb:facture:'))[1];
  expect(facture.md).toBe('DEPOT_PDF_PORTAIL');
  expect(JSON.stringify(facture).length).toBeLessThan(1000);
  await w.verify();
});
