// Two tabs acting at once (issue 11): a unique value is taken once. Two tabs deposit the same
// invoice number for the same structure → one invoice, the other tab gets the portal's duplicate
// message; two tabs register the same login → one account, the other is told the address is
// already used. Neither sees the generic « autre onglet » conflict text.
// The clicks are truly simultaneous: each tab arms its own timer (setTimeout in the page) for one
// shared wall-clock instant, so neither waits for Playwright's round trips. Two tabs are separate
// renderer processes, where localStorage propagates asynchronously: the unique values are reserved
// in IndexedDB (src/browser/reservations.rs) before the commit.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const DEMO_PASSWORD = 'Bac-a-sable-2026';
const CLAIRE = 'claire.durand@menuiserie-durand.example';
const NUMERO_DEJA_UTILISE = 'Vous avez déjà déposé une demande de paiement avec ce numéro de facture pour cette structure';
const LOGIN_DEJA_UTILISE = 'Un compte existe déjà avec cette adresse électronique de connexion.';
const CONFLIT = /autre onglet/;

/** Fills « Saisir une facture » up to the confirmation dialog. */
async function prepareInvoice(page, numero) {
  await h.open(page, '/factures-emises/saisie');
  await h.fillInvoice(page, numero);
  await page.getByRole('button', { name: 'Valider et envoyer' }).click();
  await expect(page.getByRole('button', { name: 'Confirmer et envoyer' })).toBeVisible();
}

/**
 * Clicks the button `name` in every tab in the same instant: each page arms its own timer for one
 * wall-clock moment (the tabs share the machine's clock) and clicks then, with no round trip to
 * Playwright in between.
 */
async function clickTogether(tabs, name) {
  const at = Date.now() + 400;
  await Promise.all(tabs.map((tab) => tab.evaluate(([label, moment]) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label);
    if (!button) throw new Error(`bouton « ${label} » absent`);
    setTimeout(() => button.click(), Math.max(0, moment - Date.now()));
  }, [name, at])));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now()) + 50));
}

/** Stored records of a collection, as {key: data}. */
async function records(page, collection) {
  const all = await h.sandboxRecords(page);
  return Object.entries(all).filter(([k]) => k.startsWith(`cpsb:${collection}:`)).map(([, v]) => v);
}

test('deux onglets déposent le même numéro au même instant : une seule facture, le message du portail pour l\'autre', async ({ context, baseURL }) => {
  const tab1 = await context.newPage();
  const w1 = h.watch(tab1, baseURL);
  await h.login(tab1, CLAIRE, DEMO_PASSWORD);
  // A new tab starts with the last connected account.
  const tab2 = await context.newPage();
  const w2 = h.watch(tab2, baseURL);
  await prepareInvoice(tab1, 'ONG-001');
  await prepareInvoice(tab2, 'ONG-001');

  await clickTogether([tab1, tab2], 'Confirmer et envoyer');
  const succes = 'La facture n° ONG-001 est validée, elle est en cours de transmission.';
  await expect.poll(async () => {
    let ok = 0;
    let refus = 0;
    for (const tab of [tab1, tab2]) {
      if (await tab.getByText(succes).count()) ok += 1;
      if (await tab.getByText(NUMERO_DEJA_UTILISE).count()) refus += 1;
    }
    return [ok, refus];
  }).toEqual([1, 1]);
  for (const tab of [tab1, tab2]) {
    await expect(tab.getByText(CONFLIT)).toHaveCount(0);
  }
  const invoices = (await records(tab1, 'facture')).filter((f) => f.no === 'ONG-001');
  expect(invoices).toHaveLength(1);

  // The tab that lost learns the invoice: the list shows it once.
  for (const tab of [tab1, tab2]) {
    await h.open(tab, '/factures-emises');
    await expect(tab.getByRole('link', { name: 'ONG-001', exact: true })).toHaveCount(1);
  }
  await h.checkA11y(tab2);
  await w1.verify();
  await w2.verify();
});

test('deux onglets créent le même identifiant au même instant : un seul compte', async ({ context, baseURL }) => {
  const tab1 = await context.newPage();
  const tab2 = await context.newPage();
  const w1 = h.watch(tab1, baseURL);
  const w2 = h.watch(tab2, baseURL);
  const email = 'meme.identifiant@exemple.fr';
  for (const [tab, prenom] of [[tab1, 'Claire'], [tab2, 'Paul']]) {
    await h.open(tab, '/creer-un-compte');
    await h.field(tab, 'Adresse électronique de connexion').fill(email);
    await h.field(tab, 'Nom').fill('Martin');
    await h.field(tab, 'Prénom').fill(prenom);
    await h.field(tab, 'Mot de passe').fill(h.PASSWORD);
    await h.field(tab, 'Confirmation du mot de passe').fill(h.PASSWORD);
  }
  await clickTogether([tab1, tab2], 'Créer mon compte');
  await expect.poll(async () => {
    let ok = 0;
    let refus = 0;
    for (const tab of [tab1, tab2]) {
      if (await tab.getByText('Votre compte a été créé.').count()) ok += 1;
      if (await tab.getByText(LOGIN_DEJA_UTILISE).count()) refus += 1;
    }
    return [ok, refus];
  }).toEqual([1, 1]);
  for (const tab of [tab1, tab2]) {
    await expect(tab.getByText(CONFLIT)).toHaveCount(0);
  }
  const accounts = (await records(tab1, 'account')).filter((a) => a.login_email === email);
  expect(accounts).toHaveLength(1);
  await h.checkA11y(tab1);
  await w1.verify();
  await w2.verify();
});
