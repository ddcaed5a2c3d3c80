// Trainer mode: the Espace formateur needs the session code; trainees do not see it in the menu.
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

const menu = (page) => page.getByRole('navigation', { name: 'Navigation principale' });

test('le mode formateur demande son code et les stagiaires ne le voient pas dans le menu', async ({ context, baseURL }) => {
  const trainer = await context.newPage();
  const w = h.watch(trainer, baseURL);
  await h.open(trainer, '/');
  await expect(menu(trainer).getByRole('link', { name: 'Espace formateur' })).toHaveCount(0);

  // First visit: the trainer chooses the code, with a confirmation; no tool is shown before.
  await h.open(trainer, '/formateur');
  await expect(trainer.getByRole('heading', { name: 'Choisir le code formateur' })).toBeVisible();
  await expect(trainer.getByRole('button', { name: /Avancer de/ })).toHaveCount(0);
  await expect(trainer.getByRole('button', { name: 'Tout réinitialiser' })).toHaveCount(0);
  await h.checkA11y(trainer);
  await h.field(trainer, 'Code formateur').fill('abc');
  await h.field(trainer, 'Confirmation du code formateur').fill('abc');
  await trainer.getByRole('button', { name: 'Choisir ce code et entrer en mode formateur' }).click();
  await expect(trainer.locator('#code_formateur-erreur')).toHaveText('Le code formateur doit compter au moins 6 caractères (actuellement 3).');
  await h.field(trainer, 'Code formateur').fill(h.TRAINER_CODE);
  await h.field(trainer, 'Confirmation du code formateur').fill('Atelier-2025');
  await trainer.getByRole('button', { name: 'Choisir ce code et entrer en mode formateur' }).click();
  await expect(trainer.locator('#code_formateur_confirmation-erreur')).toHaveText('La confirmation ne correspond pas au code saisi.');
  await h.enterTrainerMode(trainer);
  await expect(menu(trainer).getByRole('link', { name: 'Espace formateur' })).toBeVisible();
  await expect(trainer.getByRole('button', { name: 'Quitter le mode formateur' })).toBeVisible();
  await h.checkA11y(trainer);
  // Only the hash is stored; the mode is this tab's.
  const records = await h.sandboxRecords(trainer);
  expect(records['cpsb:formateur:main'].code_hash).toMatch(/^\$argon2id\$/);
  expect(JSON.stringify(records)).not.toContain(h.TRAINER_CODE);

  // A trainee's tab: no menu entry, the page asks for the code and shows no tool.
  const trainee = await context.newPage();
  const wt = h.watch(trainee, baseURL);
  await h.newConnectedAccount(trainee, 'stagiaire@exemple.fr');
  await expect(menu(trainee).getByRole('link', { name: 'Espace formateur' })).toHaveCount(0);
  await expect(trainee.getByText('Mode formateur', { exact: true })).toHaveCount(0);
  await h.open(trainee, '/formateur');
  await expect(trainee.getByRole('heading', { name: 'Entrer en mode formateur' })).toBeVisible();
  await expect(trainee.getByRole('button', { name: /Avancer de/ })).toHaveCount(0);
  await h.field(trainee, 'Code formateur').fill('devine-2026');
  await trainee.getByRole('button', { name: 'Entrer en mode formateur' }).click();
  await expect(trainee.locator('#code_formateur-erreur')).toHaveText('Code formateur incorrect. Demandez-le au formateur qui a préparé la session.');
  await expect(trainee.getByRole('button', { name: /Avancer de/ })).toHaveCount(0);
  await h.checkA11y(trainee);

  // The trainer leaves the mode: the menu entry and the tools go away.
  await trainer.getByRole('button', { name: 'Quitter le mode formateur' }).click();
  await expect(menu(trainer).getByRole('link', { name: 'Espace formateur' })).toHaveCount(0);
  await expect(trainer.getByRole('heading', { name: 'Entrer en mode formateur' })).toBeVisible();
  await h.enterTrainerMode(trainer);

  // Changing the code in trainer mode.
  await h.field(trainer, 'Nouveau code formateur').fill('Atelier-2027');
  await h.field(trainer, 'Confirmation du code formateur').fill('Atelier-2027');
  await trainer.getByRole('button', { name: 'Changer le code' }).click();
  await expect(trainer.getByText('Le code formateur a été changé.')).toBeVisible();
  await h.field(trainee, 'Code formateur').fill(h.TRAINER_CODE);
  await trainee.getByRole('button', { name: 'Entrer en mode formateur' }).click();
  await expect(trainee.locator('#code_formateur-erreur')).toContainText('Code formateur incorrect.');
  await h.enterTrainerMode(trainee, 'Atelier-2027');
  await w.verify();
  await wt.verify();
});
