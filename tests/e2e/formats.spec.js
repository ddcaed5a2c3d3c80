// Formats et modes d'accès (issue 15): an invoice entered on the portal downloads as a real
// Factur-X PDF (factur-x.xml embedded), as UBL and as CII; « Voir comme l'API » shows the
// soumettre request with numeroFactureSaisi; the « Modes d'accès » page; the recipient downloads
// two selected invoices as one ZIP, each recorded in its history. axe on each new page.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NADIA = 'nadia.benali@rivebelle.example';
const RIVEBELLE = '92675667700130';

async function send(page, numero) {
  await h.open(page, '/factures-emises');
  await h.open(page, '/factures-emises/saisie');
  await h.fillInvoice(page, numero);
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText(`La facture n° ${numero} est validée, elle est en cours de transmission.`)).toBeVisible();
}

async function download(page, name) {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

test('PDF Factur-X, UBL, CII, vue API, modes d\'accès, ZIP de factures reçues', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const supplier = await context.newPage();
  const w = h.watch(supplier, baseURL);
  await h.login(supplier, CLAIRE, DEMO_PASSWORD);
  await send(supplier, 'FMT-001');
  await send(supplier, 'FMT-002');

  await h.open(supplier, '/factures-emises');
  await supplier.getByRole('link', { name: 'FMT-001', exact: true }).click();
  await expect(supplier.locator('h1')).toHaveText('Facture n° FMT-001');
  await expect(supplier.getByRole('heading', { name: "Formats d'échange" })).toBeVisible();
  await h.checkA11y(supplier);

  // The PDF: a PDF/A-3 with factur-x.xml embedded, equal to the CII download. The formats are
  // not part of the first load: the worker's wasm is fetched now.
  expect(supplier.workers()).toHaveLength(0);
  const debut = Date.now();
  const pdf = await download(supplier, 'Télécharger la facture (PDF Factur-X)');
  console.log(`premier PDF (démarrage du worker compris) : ${Date.now() - debut} ms`);
  expect(supplier.workers().map((x) => x.url())).toEqual([expect.stringMatching(/\/formats-worker-loader-[0-9a-f]{16}\.js$/)]);
  expect(pdf.name).toBe('FMT-001.pdf');
  expect(pdf.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
  const raw = pdf.bytes.toString('latin1');
  expect(raw).toContain('/AFRelationship /Data');
  expect(raw).toContain('(factur-x.xml)');
  expect(raw).toContain('<pdfaid:part>3</pdfaid:part>');
  const cii = await download(supplier, 'Télécharger en CII');
  expect(cii.name).toBe('FMT-001.cii.xml');
  const ciiText = cii.bytes.toString('utf8');
  expect(ciiText).toContain('<ram:ID>FMT-001</ram:ID>');
  expect(ciiText).toContain('<ram:BuyerReference>ACHATS</ram:BuyerReference>');
  expect(ciiText).toContain(`<ram:GlobalID schemeID="0009">${RIVEBELLE}</ram:GlobalID>`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facturx-'));
  fs.writeFileSync(path.join(dir, 'f.pdf'), pdf.bytes);
  execFileSync('pdfdetach', ['-saveall', '-o', dir, path.join(dir, 'f.pdf')]);
  expect(fs.readFileSync(path.join(dir, 'factur-x.xml'), 'utf8')).toBe(ciiText);
  fs.rmSync(dir, { recursive: true, force: true });
  const ubl = await download(supplier, 'Télécharger en UBL');
  expect(ubl.bytes.toString('utf8')).toContain('<cbc:BuyerReference>ACHATS</cbc:BuyerReference>');

  // The API view.
  await supplier.getByRole('link', { name: "Voir comme l'API" }).click();
  await expect(supplier.locator('h1')).toHaveText("Voir comme l'API");
  await expect(supplier.locator('#json-soumettre')).toContainText('"numeroFactureSaisi": "FMT-001"');
  await expect(supplier.locator('#json-soumettre')).toContainText('"codeServiceExecutant": "ACHATS"');
  await expect(supplier.locator('#json-flux')).toContainText('"syntaxeFlux": "IN_DP_E1_CII_16B"');
  await h.checkA11y(supplier);
  const json = await download(supplier, 'Télécharger : Requête soumettre');
  expect(JSON.parse(json.bytes.toString('utf8')).numeroFactureSaisi).toBe('FMT-001');

  await supplier.getByRole('link', { name: "Comparer les modes d'accès" }).click();
  await expect(supplier.locator('h1')).toHaveText("Modes d'accès : portail, EDI, API");
  await expect(supplier.getByRole('table', { name: 'Portail, EDI et API comparés' })).toBeVisible();
  await h.checkA11y(supplier);
  await w.verify();

  // The recipient: two invoices as one ZIP, each download recorded.
  const agent = await context.newPage();
  const wa = h.watch(agent, baseURL);
  await h.login(agent, NADIA, DEMO_PASSWORD);
  await h.open(agent, '/factures-recues');
  await agent.getByRole('checkbox', { name: 'Sélectionner la facture n° FMT-001' }).check();
  await agent.getByRole('checkbox', { name: 'Sélectionner la facture n° FMT-002' }).check();
  await expect(agent.getByRole('heading', { name: 'Télécharger la sélection' })).toBeVisible();
  await h.checkA11y(agent);
  const zip = await download(agent, 'Télécharger 2 factures (ZIP)');
  expect(zip.name).toBe('factures.zip');
  const zdir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-'));
  fs.writeFileSync(path.join(zdir, 'f.zip'), zip.bytes);
  const names = execFileSync('python3', ['-c', 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist()))', path.join(zdir, 'f.zip')]).toString().trim().split('\n');
  fs.rmSync(zdir, { recursive: true, force: true });
  expect(names.sort()).toEqual(['FMT-001.pdf', 'FMT-002.pdf']);
  await expect(agent.getByText('2 fichiers dans factures.zip')).toBeVisible();
  await agent.getByRole('link', { name: 'FMT-002', exact: true }).click();
  await expect(agent.getByRole('table', { name: 'Historique des actions utilisateurs' })).toContainText('Téléchargement de la facture');
  await wa.verify();
});
