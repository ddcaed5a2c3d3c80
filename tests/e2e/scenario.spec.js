// Training scenarios: a link opens the same prepared sandbox for every trainee, and a panel
// guides and checks each step.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const LIEN = '/scenario/fiche-structure/1?stagiaire=Alex%20Dupont';

/** The exercise panel. */
const panneau = (page) => page.locator('.panneau-scenario');

async function verifier(page) {
  await panneau(page).getByRole('button', { name: 'Vérifier' }).click();
}

async function ouvrirFiche(page) {
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Fiche structure' }).click();
  await expect(page.locator('h1')).toHaveText('Fiche structure — Papeterie du Centre');
}

test('a scenario link in a fresh browser: the fiche-structure TP, one mistake named by « Vérifier », progress kept on reload', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  const t0 = Date.now();
  await h.open(page, LIEN);
  await expect(page.locator('h1')).toHaveText("Scénario : TP — Paramétrage d'une fiche structure — stagiaire : Alex Dupont");
  await expect(page.getByText('5 étapes en 5 exercices', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Commencer le scénario' }).click();
  await expect(panneau(page).getByRole('heading', { name: 'À faire : Téléphone et adresse électronique' })).toBeVisible();
  console.log(`Lien du scénario → première consigne affichée : ${Date.now() - t0} ms`);
  await expect(page.locator('.entete')).toContainText('Camille Martin');
  await h.checkA11y(page);

  // Step 1, with a deliberate mistake in the e-mail address.
  await ouvrirFiche(page);
  await h.field(page, 'Téléphone').fill('04 78 42 16 90');
  await h.field(page, 'Adresse électronique').fill('compta@papeterie-du-centre.example');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await expect(page.getByText('La fiche structure a été enregistrée.')).toBeVisible();
  await verifier(page);
  const ko = panneau(page).locator('.critere-ko');
  await expect(ko).toHaveCount(1);
  await expect(ko).toContainText('À corriger : Fiche structure — Adresse électronique : « compta@papeterie-du-centre.example » au lieu de « comptabilite@papeterie-du-centre.example ».');
  await expect(panneau(page).locator('.critere-ok')).toContainText('Correct : Fiche structure — Téléphone');
  await h.checkA11y(page);
  await h.field(page, 'Adresse électronique').fill('comptabilite@papeterie-du-centre.example');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await verifier(page);
  await expect(panneau(page).getByText('Vérification : étape réussie.')).toBeVisible();
  await expect(panneau(page).getByRole('heading', { name: "À faire : Le compte bancaire de l'entreprise" })).toBeVisible();

  // A reload keeps the progress.
  await h.reload(page);
  await expect(panneau(page).getByRole('heading', { name: "À faire : Le compte bancaire de l'entreprise" })).toBeVisible();
  await expect(panneau(page).locator('summary').first()).toContainText('1 étape faite sur 5');

  // Step 2: the bank account.
  await ouvrirFiche(page);
  await h.field(page, 'Libellé du compte').fill('Compte principal');
  await h.field(page, 'IBAN').fill('FR14 2004 1010 0505 0001 3M02 606');
  await h.field(page, 'BIC').fill('PSSTFRPPLYO');
  await page.getByRole('button', { name: 'Ajouter le compte' }).click();
  await verifier(page);
  await expect(panneau(page).getByRole('heading', { name: 'À faire : Créer les deux services' })).toBeVisible();

  // Step 3: the hint is recorded; two services.
  await panneau(page).getByRole('button', { name: 'Indice' }).click();
  await expect(panneau(page).locator('.indice')).toContainText('Ajouter un service');
  await page.getByRole('link', { name: 'Services de la structure' }).click();
  for (const [code, libelle] of [['COMPTA', 'Comptabilité'], ['ATELIER', "Atelier d'impression"]]) {
    await h.field(page, 'Code service').fill(code);
    await h.field(page, 'Libellé').fill(libelle);
    await page.getByRole('button', { name: 'Créer le service' }).click();
    await expect(page.getByRole('cell', { name: code, exact: true })).toBeVisible();
  }
  await verifier(page);
  await expect(panneau(page).getByRole('heading', { name: 'À faire : Ouvrir « Factures de travaux »' })).toBeVisible();

  // Step 4: the applications.
  await ouvrirFiche(page);
  await page.getByLabel('Factures de travaux', { exact: true }).check();
  await page.getByRole('button', { name: 'Enregistrer les applications' }).click();
  await verifier(page);
  await expect(panneau(page).getByRole('heading', { name: 'À faire : Valider Lucas Bernard avec ses habilitations' })).toBeVisible();

  // Step 5: the colleague's rattachement and habilitations.
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Utilisateurs' }).click();
  await page.getByLabel('Sélectionner la demande de Lucas Bernard').check();
  await page.getByRole('button', { name: 'Valider la sélection' }).click();
  await expect(page.getByText('1 demande validée ; un message a été envoyé à chaque demandeur.')).toBeVisible();
  await page.getByRole('button', { name: 'Modifier les habilitations de Lucas Bernard' }).click();
  const hab = page.getByRole('group', { name: 'Habilitations de Lucas Bernard' });
  await hab.getByLabel('Factures émises', { exact: true }).selectOption('modification');
  await hab.getByLabel('Factures de travaux', { exact: true }).selectOption('modification');
  await hab.getByLabel('Structures', { exact: true }).selectOption('consultation');
  await page.getByRole('button', { name: 'Enregistrer les habilitations' }).click();
  await expect(page.getByText('Habilitations enregistrées')).toBeVisible();
  await verifier(page);
  await expect(panneau(page).getByText('Scénario terminé : toutes les étapes sont faites. Bravo !')).toBeVisible();
  await expect(panneau(page).locator('summary').first()).toContainText('5 étapes faites sur 5');
  await h.checkA11y(page);

  // The documents page, printable.
  await panneau(page).getByText('Documents (1)').click();
  await panneau(page).getByRole('link', { name: 'Ouvrir les documents pour les imprimer' }).click();
  await expect(page.locator('h1')).toHaveText('Documents du scénario');
  await expect(page.locator('main h2', { hasText: "Fiche d'identité de l'entreprise" })).toBeVisible();
  await h.checkA11y(page);
  await w.verify();
});

test('the link on a sandbox holding data asks before replacing it; a wrong version gets its message', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'deja.la@exemple.fr' });
  await h.open(page, LIEN);
  await expect(page.getByRole('alert')).toContainText('Ce bac à sable contient déjà des données');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter mes données' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Remplacer mes données et commencer' }).click();
  await page.getByRole('button', { name: 'Remplacer et commencer' }).click();
  await expect(panneau(page).getByRole('heading', { name: 'À faire : Téléphone et adresse électronique' })).toBeVisible();

  // The same link again: the scenario runs already, nothing is replaced.
  await h.open(page, LIEN);
  await expect(page.getByText('Ce scénario est déjà en cours dans ce navigateur')).toBeVisible();

  await h.open(page, '/scenario/fiche-structure/9');
  await expect(page.getByRole('alert')).toContainText('plus récente que celle de ce bac à sable (version 1)');
  await h.open(page, '/scenario/inconnu/1');
  await expect(page.getByRole('alert')).toContainText('Ce lien désigne un scénario inconnu');

  // The catalogue, reached from the home page.
  await h.open(page, '/');
  await page.getByRole('link', { name: 'Scénarios de formation' }).click();
  await expect(page.locator('h1')).toHaveText('Scénarios de formation');
  await expect(page.getByRole('heading', { name: "TP — Paramétrage d'une fiche structure" })).toBeVisible();
  await h.checkA11y(page);
  await w.verify();
});

test('the trainer does the current step in the trainee\'s place', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, LIEN);
  await page.getByRole('button', { name: 'Commencer le scénario' }).click();
  // The trainer's tools need the trainer mode (issue 12).
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: "Faire l'étape à la place du stagiaire" }).click();
  await expect(page.getByText('Étape « Téléphone et adresse électronique » faite à la place du stagiaire.')).toBeVisible();
  await expect(panneau(page).getByText('Téléphone et adresse électronique (faite par le formateur)', { exact: false })).toBeVisible();
  await expect(panneau(page).getByRole('heading', { name: "À faire : Le compte bancaire de l'entreprise" })).toBeVisible();
  await h.checkA11y(page);

  // « Recommencer l'exercice »: a bank account typed, then the exercise starts again from the
  // seed with the earlier exercise solved.
  await ouvrirFiche(page);
  await h.field(page, 'Libellé du compte').fill('Compte à effacer');
  await h.field(page, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
  await h.field(page, 'BIC').fill('AGRIFRPP882');
  await page.getByRole('button', { name: 'Ajouter le compte' }).click();
  await expect(page.getByRole('cell', { name: 'Compte à effacer', exact: true })).toBeVisible();
  await panneau(page).getByRole('button', { name: "Recommencer l'exercice" }).click();
  await panneau(page).getByRole('button', { name: 'Confirmer' }).click();
  await ouvrirFiche(page);
  await expect(page.getByRole('cell', { name: 'Compte à effacer', exact: true })).toHaveCount(0);
  await expect(h.field(page, 'Téléphone')).toHaveValue('04 78 42 16 90');
  await expect(panneau(page).locator('summary').first()).toContainText('1 étape faite sur 5');
  await w.verify();
});
