// Organisation journeys (issue 3): create a structure from the simulated INSEE base and fill its
// fiche, request and validate a rattachement with its mails, a plain utilisateur refused by the
// domain (and on a forged address), the annuaire searched by postcode, the demo accounts.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

/** The SIRET of a company of the simulated INSEE base, read from the Aide page. */
async function inseeSiret(page, raisonSociale) {
  await h.open(page, '/aide');
  const row = page.getByRole('row').filter({ hasText: raisonSociale }).first();
  return (await row.getByRole('cell').first().textContent()).trim();
}

async function logout(page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();
}

test('structure créée depuis la base INSEE, fiche complétée, rattachement demandé puis validé, utilisateur simple refusé', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  const siret = await inseeSiret(page, 'Papeterie du Centre');
  expect(siret).toMatch(/^\d{14}$/);

  // First connection: the portal's choice.
  await h.newConnectedAccount(page, 'gerant@papeterie.example', { nom: 'Roux', prenom: 'Paul' });
  await expect(page.locator('h1')).toHaveText('Bienvenue : votre structure');
  await h.checkA11y(page);
  await page.getByRole('link', { name: 'Créer une nouvelle structure' }).click();
  await expect(page.locator('h1')).toHaveText('Créer une nouvelle structure');

  // A wrong key is refused next to the field; the INSEE lookup pre-fills the fiche.
  await h.field(page, 'Identifiant').fill(siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10));
  await page.getByRole('button', { name: 'Rechercher dans la base INSEE' }).click();
  await expect(page.locator('#identifier-erreur')).toContainText('clé');
  await h.field(page, 'Identifiant').fill(siret);
  await page.getByRole('button', { name: 'Rechercher dans la base INSEE' }).click();
  await expect(h.field(page, 'Raison sociale')).toHaveValue('Papeterie du Centre');
  await expect(h.field(page, 'Ville')).toHaveValue('Orléans');
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Créer la structure' }).click();
  await expect(page.locator('h1')).toHaveText('Fiche structure — Papeterie du Centre');
  const ficheUrl = new URL(page.url()).hash.slice(1);
  await expect(page.locator('.structure-courante')).toHaveText('Structure : Papeterie du Centre');

  // Coordonnées bancaires: a bad IBAN key first, then a good account.
  await h.field(page, 'Libellé du compte').fill('Compte courant');
  await h.field(page, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 188');
  await h.field(page, 'BIC').fill('AGRIFRPP882');
  await page.getByRole('button', { name: 'Ajouter le compte' }).click();
  await expect(page.locator('#iban-erreur')).toBeVisible();
  await h.field(page, 'IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
  await page.getByRole('button', { name: 'Ajouter le compte' }).click();
  await expect(page.getByRole('cell', { name: 'FR76 3000 6000 0112 3456 7890 189' })).toBeVisible();
  // The general information: phone and e-mail of the structure.
  await h.field(page, 'Téléphone').fill('02 38 00 00 00');
  await h.field(page, 'Adresse électronique').fill('contact@papeterie.example');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await expect(page.getByText('La fiche structure a été enregistrée.')).toBeVisible();
  await h.checkA11y(page);

  // Two services.
  await page.getByRole('link', { name: 'Services de la structure' }).click();
  for (const [code, libelle] of [['ACHATS', 'Service des achats'], ['COMPTA', 'Comptabilité']]) {
    await h.field(page, 'Code service').fill(code);
    await h.field(page, 'Libellé').fill(libelle);
    await page.getByRole('button', { name: 'Créer le service' }).click();
    await expect(page.getByRole('cell', { name: code, exact: true })).toBeVisible();
  }
  await h.checkA11y(page);
  await logout(page);

  // Another account asks to join.
  await h.newConnectedAccount(page, 'employe@papeterie.example', { nom: 'Petit', prenom: 'Léa' });
  await page.getByRole('link', { name: 'Se rattacher à une structure existante' }).click();
  await h.field(page, 'Identifiant de la structure').fill(siret);
  await page.getByRole('button', { name: 'Rechercher la structure' }).click();
  await expect(page.getByRole('heading', { name: 'Structure trouvée : Papeterie du Centre' })).toBeVisible();
  await page.getByLabel('ACHATS — Service des achats').check();
  await h.field(page, 'Commentaire pour le gestionnaire').fill('Je rejoins le service achats.');
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Envoyer la demande de rattachement' }).click();
  await expect(page.getByText('Votre demande de rattachement a été envoyée')).toBeVisible();
  await logout(page);

  // The GP got a mail and validates the request.
  await h.login(page, 'gerant@papeterie.example');
  await h.openMail(page, 'gerant@papeterie.example', 'Nouvelle demande de rattachement : Léa Petit');
  await expect(page.getByText('Services demandés : ACHATS — Service des achats.')).toBeVisible();
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Utilisateurs' }).click();
  await expect(page.getByRole('heading', { name: 'Demandes de rattachement (1)' })).toBeVisible();
  await page.getByLabel('Sélectionner la demande de Léa Petit').check();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Valider la sélection' }).click();
  await expect(page.getByText('1 demande validée')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Demandes de rattachement (0)' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Léa Petit' })).toContainText('Factures émises : modification');
  await logout(page);

  // The mail arrived; the plain utilisateur may not open the structure's settings.
  await h.openMail(page, 'employe@papeterie.example', 'Rattachement validé : Papeterie du Centre');
  await h.login(page, 'employe@papeterie.example');
  await h.open(page, '/structures');
  await expect(page.getByText('Accès refusé : vous ne pouvez pas consulter la fiche structure').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Fiche structure' })).toHaveCount(0);
  await h.open(page, ficheUrl);
  await expect(page.locator('h1')).toHaveText('Accès refusé');
  await expect(page.getByRole('alert')).toContainText('Accès refusé : vous ne pouvez pas consulter la fiche structure');
  await expect(page.getByRole('button', { name: 'Enregistrer la fiche' })).toHaveCount(0);
  await h.checkA11y(page);
  await w.verify();
});

test("l'annuaire trouve un destinataire par code postal et montre ses paramètres puis ses services actifs", async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/annuaire');
  await expect(page.getByText('Annuaire fictif')).toBeVisible();
  await h.checkA11y(page);
  await h.field(page, 'Code postal ou ville').fill('44000');
  await expect(page.getByRole('link', { name: 'Ville de Rivebelle' })).toBeVisible();
  // Only that postcode is listed (column « Code postal »).
  const postcodes = await page.locator('table.tableau tbody tr td:nth-child(3)').allTextContents();
  expect(postcodes.length).toBeGreaterThan(0);
  expect(postcodes.every((p) => p === '44000')).toBe(true);
  await expect(page.locator('#nombre-resultats')).toContainText(postcodes.length > 1 ? `${postcodes.length} structures trouvées` : '1 structure trouvée');
  // Accents and case are ignored; the filters combine.
  await h.field(page, 'Code postal ou ville').fill('');
  await h.field(page, 'Identifiant (SIRET) ou raison sociale').fill('ECHARMONT');
  await expect(page.getByRole('link', { name: "Commune d'Écharmont" })).toBeVisible();
  await h.field(page, 'Identifiant (SIRET) ou raison sociale').fill('');
  await h.field(page, 'Code postal ou ville').fill('44000');
  await page.getByRole('link', { name: 'Ville de Rivebelle' }).click();
  await expect(page.locator('h1')).toHaveText('Ville de Rivebelle');
  await expect(page.getByText('Code service obligatoire —')).toBeVisible();
  await expect(page.getByRole('heading', { name: /3\. Ses services actifs/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'ACHATS', exact: true })).toBeVisible();
  // An inactive service is not listed.
  await expect(page.getByRole('cell', { name: 'CULTURE', exact: true })).toHaveCount(0);
  await h.checkA11y(page);
  await w.verify();
});

test('les comptes de démonstration se connectent avec le mot de passe affiché, des deux côtés', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/connexion');
  await expect(page.getByRole('heading', { name: 'Comptes de démonstration' })).toBeVisible();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Utiliser le compte de Claire Durand' }).click();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('.structure-courante')).toHaveText('Structure : Menuiserie Durand et Fils');

  // The GP exports the users and their habilitations.
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Utilisateurs' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter les utilisateurs et leurs habilitations (CSV)' }).click();
  const file = await download;
  const fs = require('fs');
  const csv = fs.readFileSync(await file.path(), 'utf8');
  expect(csv.split('\n')[0]).toContain('Structure;Identifiant de la structure;Nom;Prénom');
  expect(csv).toContain('hugo.petit@menuiserie-durand.example');
  expect(csv).toMatch(/Petit;Hugo;.*;Utilisateur;Validée;/);
  await logout(page);

  // The public agent works for the Ville de Rivebelle.
  await h.open(page, '/connexion');
  await page.getByRole('button', { name: 'Utiliser le compte de Nadia Benali' }).click();
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('.structure-courante')).toHaveText('Structure : Ville de Rivebelle');
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Fiche structure' }).click();
  await expect(page.getByRole('heading', { name: 'Paramètres de réception des factures' })).toBeVisible();
  await expect(page.getByText('Profil : Code service obligatoire.')).toBeVisible();
  // Consultation only: no form to change it.
  await expect(page.getByRole('button', { name: 'Enregistrer les paramètres' })).toHaveCount(0);
  await h.checkA11y(page);
  await w.verify();
});
