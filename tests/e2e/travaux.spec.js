// Factures de travaux (issue 16, item 2): a works month from the projet de décompte mensuel (A4)
// to the état d'acompte validé (A19) across three tabs of one browser — the supplier (Claire,
// Menuiserie Durand, titulaire), the maître d'œuvre (Julie, Atelier d'architecture Lemaire) and
// the maître d'ouvrage (Marc, Ville de Rivebelle) — then the invoice in the MOA's « Factures
// reçues ». On the way: the MOE cannot refuse for a wrong amount, it corrects it and explains;
// axe-core on every new page; no request leaves the origin.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const JULIE = 'julie.lemaire@architecture-lemaire.example';
const MARC = 'marc.lefevre@rivebelle.example';
const MARCHE = 'MT-E2E-2026';

/** A small valid PDF. */
function pdf(name) {
  return {
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  };
}

/** Chooses the option of a select whose text contains `text`. */
async function choose(page, selectId, text) {
  const value = await page.locator(`#${selectId} option`, { hasText: text }).first().getAttribute('value');
  await page.locator(`#${selectId}`).selectOption(value);
}

/** The documents' row of a document number (its second cell). */
function row(page, numero) {
  return page.locator('#documents-travaux tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: numero }) });
}

async function openDossier(page) {
  await h.open(page, '/factures-travaux');
  await page.getByRole('link', { name: MARCHE, exact: true }).click();
  await expect(page.locator('h1')).toHaveText(`Dossier de facturation — marché ${MARCHE}`);
}

/** Deposits a works document: cadre (option text), PDF, number; amounts when given. */
async function deposit(page, { cadre, numero, montants }) {
  await choose(page, 'travaux_document', cadre);
  await page.locator('#travaux_pdf').setInputFiles(pdf(`${numero}.pdf`));
  await expect(page.getByText(`Fichier choisi : ${numero}.pdf`)).toBeVisible();
  await h.field(page, 'Numéro du document').fill(numero);
  if (montants) {
    await h.field(page, 'Montant HT').fill(montants[0]);
    await h.field(page, 'Montant de TVA').fill(montants[1]);
    await h.field(page, 'Montant TTC').fill(montants[2]);
  }
  await page.getByRole('button', { name: 'Déposer le document' }).click();
}

test('un mois de travaux de A4 à A19 entre le fournisseur, la MOE et la MOA', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();

  // The titulaire records the marché's fiche identité and deposits its projet de décompte mensuel.
  const supplier = await context.newPage();
  const ws = h.watch(supplier, baseURL);
  await h.login(supplier, CLAIRE, DEMO_PASSWORD);
  await h.open(supplier, '/facturation');
  await supplier.getByRole('listitem').filter({ hasText: 'Factures de travaux' }).getByRole('link', { name: 'Accéder' }).click();
  await expect(supplier.locator('h1')).toHaveText('Factures de travaux');
  await h.checkA11y(supplier);
  await h.field(supplier, 'Numéro de marché').fill(MARCHE);
  await h.field(supplier, 'Objet du marché').fill("Rénovation de l'école Jules-Ferry");
  await choose(supplier, 'travaux_moe', "Atelier d'architecture Lemaire");
  await choose(supplier, 'travaux_moa', 'Ville de Rivebelle');
  await supplier.getByRole('button', { name: 'Créer le dossier de facturation' }).click();
  await expect(supplier.locator('#travaux_service_moa-erreur')).toContainText("Ce maître d'ouvrage exige un code service");
  await h.field(supplier, 'Code service du service financier de la MOA').fill('SERV_TECH');
  await supplier.getByRole('button', { name: 'Créer le dossier de facturation' }).click();
  await expect(supplier.getByText('Le dossier de facturation est créé')).toBeVisible();
  await openDossier(supplier);
  await expect(supplier.locator('#attentes')).toContainText('Titulaire (Menuiserie Durand et Fils) : déposer le premier projet de décompte mensuel (A4).');
  await h.checkA11y(supplier);
  // No PDF: works documents are deposited, never keyed in.
  await choose(supplier, 'travaux_document', 'A4 — Projet de décompte mensuel');
  await h.field(supplier, 'Numéro du document').fill('PDM-2026-11');
  await supplier.getByRole('button', { name: 'Déposer le document' }).click();
  await expect(supplier.locator('#travaux_pdf-erreur')).toContainText('les documents de travaux se déposent, ils ne se saisissent pas');
  await deposit(supplier, { cadre: 'A4 — Projet de décompte mensuel', numero: 'PDM-2026-11', montants: ['10 000,00', '2 000,00', '12 000,00'] });
  await expect(supplier.getByText('Le projet de décompte mensuel (A4) est déposé.')).toBeVisible();
  const rowA4 = row(supplier, 'PDM-2026-11');
  await expect(rowA4).toContainText('Mise à disposition de la MOE');
  await expect(rowA4).toContainText('Menuiserie Durand et Fils (Claire Durand)');
  await expect(rowA4).toContainText('MOE : avant le');
  await expect(supplier.locator('#attentes')).toContainText("Maître d'œuvre (MOE) (Atelier d'architecture Lemaire) : déposer son état d'acompte (A15)");

  // The maître d'œuvre, in a second tab: récupère, cannot refuse for the amount, corrects it.
  const moe = await context.newPage();
  const wm = h.watch(moe, baseURL);
  await h.login(moe, JULIE, DEMO_PASSWORD);
  await h.open(moe, '/factures-travaux');
  await h.checkA11y(moe);
  await openDossier(moe);
  await moe.getByRole('button', { name: 'Récupérer le document n° PDM-2026-11' }).click();
  await expect(row(moe, 'PDM-2026-11')).toContainText('Prise en compte par la MOE');
  await h.checkA11y(moe);
  await h.field(moe, 'Document à refuser').selectOption({ index: 1 });
  await h.field(moe, 'Motif du refus').selectOption({ label: 'Erreur de montant' });
  await moe.getByRole('button', { name: 'Refuser le document' }).click();
  await expect(moe.getByText('Depuis le 19/02/2025, une erreur de montant ne justifie plus le refus du document').first()).toBeVisible();
  await deposit(moe, { cadre: 'A15 — État d\'acompte', numero: 'EA-2026-11', montants: ['9 000,00', '1 800,00', '10 800,00'] });
  await expect(moe.getByText('expliquez la correction').first()).toBeVisible();
  await h.field(moe, 'Explication de la correction des montants').fill('Lot peinture non achevé : 1 000,00 € HT retirés.');
  await moe.locator('#travaux_pdf').setInputFiles(pdf('EA-2026-11.pdf'));
  await moe.getByRole('button', { name: 'Déposer le document' }).click();
  await expect(moe.getByText("L'état d'acompte (A15) est déposé.")).toBeVisible();
  await expect(row(moe, 'PDM-2026-11')).toContainText('Associée');
  await expect(row(moe, 'EA-2026-11')).toContainText('Mise à disposition de la MOA');

  // The maître d'ouvrage, in a third tab: deposits the état d'acompte validé with the MOE's amounts.
  const moa = await context.newPage();
  const wa = h.watch(moa, baseURL);
  await h.login(moa, MARC, DEMO_PASSWORD);
  await openDossier(moa);
  await expect(moa.locator('#attentes')).toContainText("Maître d'ouvrage (MOA) (Ville de Rivebelle) : déposer son état d'acompte validé (A19)");
  await h.checkA11y(moa);
  await choose(moa, 'travaux_document', 'A19 — État d\'acompte validé');
  await expect(h.field(moa, 'Montant TTC')).toHaveValue(/10\s?800,00/);
  await deposit(moa, { cadre: 'A19 — État d\'acompte validé', numero: 'EAV-2026-11' });
  await expect(moa.getByText("L'état d'acompte validé (A19) est déposé.")).toBeVisible();
  await expect(row(moa, 'EAV-2026-11')).toContainText('Transmise au service financier');
  await expect(moa.locator('#attentes')).toContainText('Service financier de la MOA (Ville de Rivebelle, service SERV_TECH) : traiter et payer la facture n° EAV-2026-11');
  // The financial service receives it in « Factures reçues ».
  await h.open(moa, '/factures-recues');
  await expect(moa.getByRole('row', { name: /EAV-2026-11/ })).toContainText('Mise à disposition');

  // The supplier's tab sees the whole month.
  await h.reload(supplier);
  await expect(row(supplier, 'PDM-2026-11')).toContainText('Associée');
  await expect(row(supplier, 'EAV-2026-11')).toContainText('Ville de Rivebelle (Marc Lefèvre)');
  await h.checkA11y(supplier);

  await ws.verify();
  await wm.verify();
  await wa.verify();
  await context.close();
});
