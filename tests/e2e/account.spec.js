// A trainee's first steps: create an account, activate it from the Messagerie, connect, reload,
// manage the account. Every page visited passes axe-core; nothing leaves the origin.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

test('créer un compte → Messagerie → activer → se connecter → recharger : toujours connecté', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  const email = 'claire.martin@exemple.fr';

  await h.open(page, '/');
  await expect(page.getByText('Environnement de formation — données fictives, aucune donnée transmise')).toBeVisible();
  await h.checkA11y(page);

  await h.open(page, '/creer-un-compte');
  await expect(page.getByText('Au moins 12 caractères, dont une majuscule')).toBeVisible();
  await h.checkA11y(page);
  await h.createAccount(page, { email });
  await h.checkA11y(page);

  await h.open(page, '/messagerie');
  await expect(page.getByRole('link', { name: 'Activation de votre compte' })).toBeVisible();
  await h.checkA11y(page);
  await h.openMail(page, email, 'Activation de votre compte');
  await expect(page.getByText('valable 60 minutes')).toBeVisible();
  await h.checkA11y(page);
  await page.getByRole('link', { name: 'Activer mon compte' }).click();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page.getByText('Votre compte est activé.')).toBeVisible();

  await h.open(page, '/connexion');
  await h.checkA11y(page);
  await h.login(page, email);
  await expect(page.locator('.utilisateur')).toHaveText('Claire Martin');
  await expect(page.getByText('Bonjour Claire Martin')).toBeVisible();
  await h.checkA11y(page);

  await h.reload(page);
  await expect(page.locator('.utilisateur')).toHaveText('Claire Martin');

  // The password typed never reaches storage, in any form but its Argon2id hash.
  const dump = JSON.stringify(await h.storageDump(page));
  expect(dump).not.toContain(h.PASSWORD);
  expect(dump).toContain('$argon2id$');

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await h.reload(page);
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await w.verify();
});

test('chaque mauvaise saisie a son message en français et ne crée rien', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.open(page, '/creer-un-compte');
  await h.field(page, 'Adresse électronique de connexion').fill('pas-une-adresse');
  await h.field(page, 'Téléphone').fill('12ab');
  await h.field(page, 'Mot de passe').fill('court');
  await h.field(page, 'Confirmation du mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  const summary = page.locator('.resume-erreurs');
  await expect(summary).toContainText('Le formulaire contient des erreurs');
  await expect(page.locator('#login_email-erreur')).toContainText("n'est pas une adresse électronique valide");
  await expect(page.locator('#nom-erreur')).toHaveText('Le champ « Nom » est obligatoire.');
  await expect(page.locator('#telephone-erreur')).toContainText('Numéro de téléphone invalide');
  await expect(page.locator('#password-erreur')).toContainText('il manque au moins 12 caractères (actuellement 5), une majuscule, un chiffre, un caractère spécial');
  await expect(h.field(page, 'Adresse électronique de connexion')).toHaveAttribute('aria-invalid', 'true');
  await h.checkA11y(page);
  // The summary's links take the keyboard to the field.
  // A message that already names its field is not prefixed with the label again.
  await expect(summary.getByRole('button', { name: 'Le champ « Nom » est obligatoire.', exact: true })).toBeVisible();
  await expect(summary).not.toContainText('Nom : Le champ « Nom »');
  await summary.getByRole('button', { name: 'Le champ « Nom » est obligatoire.' }).click();
  await expect(h.field(page, 'Nom')).toBeFocused();

  // Mismatched confirmation.
  await h.field(page, 'Téléphone').fill('');
  await h.submitAccountForm(page, { email: 'paul@exemple.fr', nom: 'Durand', prenom: 'Paul', confirmation: 'Formation#2027' });
  await expect(page.locator('#confirmation-erreur')).toHaveText('La confirmation ne correspond pas au mot de passe saisi.');
  expect(Object.keys(await h.sandboxRecords(page))).toEqual([]);

  // Duplicate account.
  await h.createAccount(page, { email: 'paul@exemple.fr' });
  await page.getByRole('button', { name: 'Créer un autre compte' }).click();
  await h.submitAccountForm(page, { email: 'PAUL@exemple.fr', nom: 'Durand', prenom: 'Paul' });
  await expect(page.locator('#login_email-erreur')).toContainText('Un compte existe déjà');

  // Not activated yet, then wrong password.
  await h.submitLogin(page, 'paul@exemple.fr');
  await expect(page.locator('.resume-erreurs')).toContainText("pas encore activé");
  await h.activateFromMailbox(page, 'paul@exemple.fr');
  await h.submitLogin(page, 'paul@exemple.fr', 'Mauvais#Mot2passe');
  await expect(page.locator('.resume-erreurs')).toContainText('Adresse électronique de connexion ou mot de passe incorrect.');
  await w.verify();
});

test("le lien d'activation expire après 60 minutes de l'horloge du bac à sable", async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  const email = 'lent@exemple.fr';
  await h.createAccount(page, { email });
  await h.enterTrainerMode(page);
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Avancer de 1 heure' }).click();
  await page.getByRole('button', { name: 'Avancer de 1 heure' }).click();
  await expect(page.locator('#horloge-actuelle')).toContainText('+2 h');
  await expect(page.locator('.horloge')).toContainText('+2 h');
  await h.openMail(page, email, 'Activation de votre compte');
  await page.getByRole('link', { name: 'Activer mon compte' }).click();
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page.locator('.resume-erreurs')).toContainText('Ce lien a expiré');
  await page.getByRole('link', { name: "Recevoir un nouveau lien d'activation" }).click();
  await h.field(page, 'Adresse électronique de connexion').fill(email);
  await page.getByRole('button', { name: 'Recevoir un nouveau lien' }).click();
  await expect(page.getByText("Un nouveau lien d'activation a été envoyé")).toBeVisible();
  await h.activateFromMailbox(page, email);
  await h.login(page, email);
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: "Revenir à l'heure réelle" }).click();
  await expect(page.locator('#horloge-actuelle')).toContainText('aucun décalage');
  await w.verify();
});

test('mot de passe oublié, Mon compte, désactivation et réactivation', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  const email = 'oubli@exemple.fr';
  await h.newConnectedAccount(page, email);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();

  await h.open(page, '/mot-de-passe-oublie');
  await h.checkA11y(page);
  await h.field(page, 'Adresse électronique de connexion').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de réinitialisation' }).click();
  await h.openMail(page, email, 'Réinitialisation de votre mot de passe');
  await page.getByRole('link', { name: 'Choisir un nouveau mot de passe' }).click();
  await h.checkA11y(page);
  await h.field(page, 'Nouveau mot de passe').fill('Nouveau#Mot2passe');
  await h.field(page, 'Confirmation').fill('Nouveau#Mot2passe');
  await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe a été modifié.')).toBeVisible();
  await h.login(page, email, 'Nouveau#Mot2passe');

  await h.open(page, '/mon-compte');
  await h.checkA11y(page);
  await h.field(page, 'Téléphone').fill('01 23 45 67 89');
  await h.field(page, 'Adresse électronique de contact').fill('compta@exemple.fr');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Vos informations ont été enregistrées.')).toBeVisible();
  await h.reload(page);
  await expect(h.field(page, 'Adresse électronique de contact')).toHaveValue('compta@exemple.fr');

  await h.field(page, 'Mot de passe actuel').fill('Nouveau#Mot2passe');
  await h.field(page, 'Nouveau mot de passe').fill('Encore#Nouveau3');
  await h.field(page, 'Confirmation').fill('Encore#Nouveau3');
  await page.getByRole('button', { name: 'Modifier le mot de passe' }).click();
  await expect(page.getByText('Votre mot de passe a été modifié.')).toBeVisible();

  await h.field(page, 'Mot de passe (pour confirmer)').fill('Encore#Nouveau3');
  await page.getByRole('button', { name: 'Désactiver mon compte' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Oui, désactiver mon compte' }).click();
  await expect(page.locator('h1')).toHaveText('Se connecter');
  await h.field(page, 'Adresse électronique de connexion').fill(email);
  await h.field(page, 'Mot de passe').fill('Encore#Nouveau3');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('.resume-erreurs')).toContainText('désactivé');

  await h.open(page, '/reactivation');
  await h.field(page, 'Adresse électronique de connexion').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de réactivation' }).click();
  await h.openMail(page, email, 'Réactivation de votre compte');
  await page.getByRole('link', { name: 'Réactiver mon compte' }).click();
  await page.getByRole('button', { name: 'Réactiver mon compte' }).click();
  await expect(page.getByText('Votre compte est de nouveau actif.')).toBeVisible();
  await h.login(page, email, 'Encore#Nouveau3');
  await w.verify();
});

test('une page réservée demande la connexion, puis s’affiche', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'garde@exemple.fr' });
  await h.activateFromMailbox(page, 'garde@exemple.fr');
  await h.open(page, '/mon-compte');
  await expect(page.getByText('Connectez-vous pour accéder à cette page.')).toBeVisible();
  await h.field(page, 'Adresse électronique de connexion').fill('garde@exemple.fr');
  await h.field(page, 'Mot de passe').fill(h.PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Mon compte');
  await w.verify();
});
