// Shared steps of the trainee's journeys, and the checks every test makes.
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;

const PASSWORD = 'Formation#2026';
/** The trainer's session code the specs choose (or enter) in the Espace formateur. */
const TRAINER_CODE = 'Atelier-2026';

/** Records every request that leaves the app's own origin, and every console error. */
function watch(page, baseURL) {
  const origin = new URL(baseURL).origin;
  const foreign = [];
  const errors = [];
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return {
    foreign,
    errors,
    /** No request left the origin, and nothing failed in the console. */
    async verify(allowedErrors = []) {
      expect(foreign, 'requests to another origin').toEqual([]);
      const unexpected = errors.filter((e) => !allowedErrors.some((re) => re.test(e)));
      expect(unexpected, 'console errors').toEqual([]);
    },
  };
}

/** axe-core: no serious or critical violation on the current page. */
async function checkA11y(page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** The form field whose label is exactly `label` (a required field's label ends with « * »). */
function field(page, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** Opens a route and waits for the app to be interactive. */
async function open(page, hash) {
  await page.goto(`/#${hash}`);
  await page.waitForSelector('html[data-app-ready="1"]');
  await expect(page.locator('h1')).toHaveCount(1);
}

/** Fills « Créer un compte » (already open) and submits it, whatever the outcome. */
async function submitAccountForm(page, { email, nom = 'Martin', prenom = 'Claire', password = PASSWORD, confirmation = password }) {
  await field(page, 'Adresse électronique de connexion').fill(email);
  await field(page, 'Nom').fill(nom);
  await field(page, 'Prénom').fill(prenom);
  await field(page, 'Mot de passe').fill(password);
  await field(page, 'Confirmation du mot de passe').fill(confirmation);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

async function createAccount(page, account) {
  await open(page, '/creer-un-compte');
  await submitAccountForm(page, account);
  await expect(page.getByText('Votre compte a été créé.')).toBeVisible();
}

/** Submits « Se connecter », whatever the outcome. */
async function submitLogin(page, email, password = PASSWORD) {
  await open(page, '/connexion');
  await field(page, 'Adresse électronique de connexion').fill(email);
  await field(page, 'Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Reloads the page and waits for the app. */
async function reload(page) {
  await page.reload();
  await page.waitForSelector('html[data-app-ready="1"]');
}

async function openMail(page, email, subject) {
  await open(page, '/messagerie');
  await field(page, 'Boîte de réception').selectOption(email);
  await page.getByRole('link', { name: subject }).first().click();
  await expect(page.locator('h1')).toHaveText(subject);
}

async function activateFromMailbox(page, email) {
  await openMail(page, email, 'Activation de votre compte');
  await page.getByRole('link', { name: 'Activer mon compte' }).click();
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page.getByText('Votre compte est activé.')).toBeVisible();
}

async function login(page, email, password = PASSWORD) {
  await submitLogin(page, email, password);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

/** Creates, activates and connects an account. */
async function newConnectedAccount(page, email, names = {}) {
  await createAccount(page, { email, ...names });
  await activateFromMailbox(page, email);
  await login(page, email);
}

/** Everything the sandbox keeps in this origin's storages. */
async function storageDump(page) {
  return page.evaluate(() => {
    const dump = {};
    for (const area of [localStorage, sessionStorage]) {
      for (let i = 0; i < area.length; i++) {
        const k = area.key(i);
        dump[k] = area.getItem(k);
      }
    }
    return dump;
  });
}

/** The sandbox records (cpsb:*) as {key: data}, without revisions. */
/**
 * Fills localStorage to the brim, as months of training data would: big chunks, then smaller ones,
 * then the last units with the shortest keys. Self-contained, for `page.evaluate` or
 * `page.addInitScript`.
 */
function fillLocalStorage() {
  let i = 0;
  for (let size = 1 << 20; size >= 1; size >>= 1) {
    const chunk = 'x'.repeat(size);
    for (;;) {
      try { localStorage.setItem(`remplissage-${i++}`, chunk); } catch (e) { break; }
    }
  }
  for (let j = 0; ; j++) {
    try { localStorage.setItem(`z${j}`, ''); } catch (e) { break; }
  }
}

async function sandboxRecords(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('cpsb:')) out[k] = JSON.parse(localStorage.getItem(k)).data;
    }
    return out;
  });
}

/**
 * Opens the Espace formateur in trainer mode: chooses the session code the first time, enters it
 * otherwise (the mode is per tab), and waits for the « Mode formateur » banner.
 */
/** Fills « Saisir une facture » for the Ville de Rivebelle (service ACHATS), one line at 20 %. */
async function fillInvoice(page, numero) {
  await field(page, 'Identifiant du destinataire (SIRET)').fill('92675667700130');
  await field(page, 'Code service').selectOption('ACHATS');
  await field(page, 'Numéro de facture').fill(numero);
  await page.locator('#ligne-1-designation').fill('Fenêtre en chêne');
  await page.locator('#ligne-1-quantite').fill('2');
  await page.locator('#ligne-1-prix').fill('300');
  await page.locator('#ligne-1-taux').selectOption({ label: '20 %' });
}

async function enterTrainerMode(page, code = TRAINER_CODE) {
  await open(page, '/formateur');
  if (await page.getByText('Mode formateur', { exact: true }).count() > 0) return;
  const choose = page.getByRole('heading', { name: 'Choisir le code formateur' });
  const enter = page.getByRole('heading', { name: 'Entrer en mode formateur' });
  await expect(choose.or(enter)).toBeVisible();
  await field(page, 'Code formateur').fill(code);
  if (await choose.count() > 0) {
    await field(page, 'Confirmation du code formateur').fill(code);
    await page.getByRole('button', { name: 'Choisir ce code et entrer en mode formateur' }).click();
  } else {
    await page.getByRole('button', { name: 'Entrer en mode formateur' }).click();
  }
  await expect(page.getByText('Mode formateur', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Horloge du bac à sable' })).toBeVisible();
}

module.exports = {
  PASSWORD, TRAINER_CODE, enterTrainerMode, fillInvoice, field, watch, checkA11y, open, reload, submitAccountForm, createAccount, submitLogin, openMail, activateFromMailbox, login,
  newConnectedAccount, storageDump, sandboxRecords, fillLocalStorage,
};
