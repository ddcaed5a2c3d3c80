// Phone (390×844) and paper: no page scrolls sideways on either side (tables scroll inside their
// box), the training banner is thin and not sticky; print media of an invoice shows no button nor
// field and keeps its totals with the VAT recap. axe-core on every page visited.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NADIA = 'nadia.benali@rivebelle.example';
const RIVEBELLE = '92675667700130';

/** The page fits the screen's width (no sideways scroll), and passes axe-core. */
async function fits(page, hash) {
  await h.open(page, hash);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `${hash} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  await h.checkA11y(page);
}

test('à 390×844 aucune page ne défile horizontalement, des deux côtés ; l’impression d’une facture garde ses totaux sans bouton', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const w = h.watch(page, baseURL);

  for (const hash of ['/', '/connexion', '/creer-un-compte', '/aide', '/annuaire', '/mot-de-passe-oublie', '/formateur']) {
    await fits(page, hash);
  }
  // The banner is thin and scrolls away with the page.
  const banner = page.locator('.bandeau-formation');
  expect(await banner.evaluate((b) => getComputedStyle(b).position)).toBe('static');
  expect((await banner.boundingBox()).height).toBeLessThanOrEqual(60);

  // Supplier side: an invoice sent to Ville de Rivebelle.
  await h.login(page, CLAIRE, DEMO_PASSWORD);
  await fits(page, '/factures-emises/saisie');
  await h.field(page, 'Identifiant du destinataire (SIRET)').fill(RIVEBELLE);
  await h.field(page, 'Code service').selectOption('ACHATS');
  await h.field(page, 'Numéro de facture').fill('MOB-001');
  await page.locator('#ligne-1-designation').fill('Fenêtre en chêne massif, double vitrage');
  await page.locator('#ligne-1-quantite').fill('2');
  await page.locator('#ligne-1-prix').fill('300');
  await page.locator('#ligne-1-taux').selectOption({ label: '20 %' });
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await page.getByRole('button', { name: 'Confirmer et envoyer' }).click();
  await expect(page.getByText('La facture n° MOB-001 est validée')).toBeVisible();
  const id = new URL(page.url()).hash.split('envoyee=')[1];
  for (const hash of ['/', '/facturation', '/organisation', '/factures-emises', '/factures-emises/brouillons', '/factures-emises/depot',
    '/tableau-de-bord', '/structures', '/messagerie', '/mon-compte', `/factures/${id}`, `/factures/${id}/certificat`]) {
    await fits(page, hash);
  }
  await page.getByRole('link', { name: 'Structure : Menuiserie Durand et Fils' }).click();
  await page.waitForSelector('html[data-app-ready="1"]');
  await fits(page, new URL(page.url()).hash.slice(1));

  // Print media of the invoice: no button, no field; the totals and the VAT recap are there.
  await h.open(page, `/factures/${id}`);
  await page.emulateMedia({ media: 'print' });
  const visibleControls = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
    .filter((e) => e.getClientRects().length > 0).length);
  expect(visibleControls).toBe(0);
  await expect(page.getByRole('table', { name: 'Récapitulatif de TVA' })).toBeVisible();
  await expect(page.locator('.totaux-facture')).toContainText('Total TTC');
  await expect(page.locator('.totaux-facture')).toContainText('Montant à payer');
  await page.emulateMedia({ media: 'screen' });

  // Recipient side, in another tab of the same browser.
  const agent = await context.newPage();
  const wa = h.watch(agent, baseURL);
  await h.login(agent, NADIA, DEMO_PASSWORD);
  for (const hash of ['/', '/factures-recues', '/tableau-de-bord', `/factures/${id}`, '/structures']) {
    await fits(agent, hash);
  }
  await w.verify();
  await wa.verify();
  await context.close();
});
