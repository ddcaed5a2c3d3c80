// Formation (2/2): the session link, the positioning test before (no feedback) and after
// (feedback), one exercise, the attestation in print media, the results file, and the trainer's
// class report with three files (one broken), its averages and its CSV.
const { test, expect } = require('@playwright/test');
const crypto = require('crypto');
const fs = require('fs');
const h = require('./helpers');

/** Answers every question of the test page: the first option, except « Je ne sais pas » for the first question. */
async function repondre(page) {
  const questions = page.locator('fieldset.question');
  const n = await questions.count();
  expect(n).toBe(12);
  await questions.nth(0).getByLabel('Je ne sais pas').check();
  for (let i = 1; i < n; i++) {
    await questions.nth(i).locator('input[type=radio]').first().check();
  }
  // Keyboard: the radios of a question are one group; arrows move within it.
  await questions.nth(1).locator('input[type=radio]').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(questions.nth(1).locator('input[type=radio]').nth(1)).toBeChecked();
  await page.getByRole('button', { name: 'Terminer le test' }).click();
}

/** How many A4 pages the current page prints on (Chromium's own PDF, in the print media). */
async function pagesA4(page) {
  const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
  return (pdf.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

test('a session: test before, one exercise, test after, attestation, results file; the class report of three files', async ({ browser, baseURL }) => {
  // The trainer sets up the session and gets the link.
  const formateur = await (await browser.newContext({ baseURL })).newPage();
  const wf = h.watch(formateur, baseURL);
  await h.enterTrainerMode(formateur);
  await formateur.getByRole('link', { name: 'Session et bilan de la classe' }).click();
  await expect(formateur.locator('h1')).toHaveText('Session et bilan de la classe');
  await h.checkA11y(formateur);
  await formateur.getByRole('button', { name: 'Créer le lien de la session' }).click();
  await expect(formateur.locator('#session-titre-erreur, .erreur-champ').first()).toBeVisible();
  await h.field(formateur, 'Intitulé de la formation').fill('Chorus Pro : déposer et suivre ses factures');
  await h.field(formateur, 'Du').fill('2026-11-23');
  await h.field(formateur, 'Organisme de formation (raison sociale)').fill('Formations & Cie');
  await h.field(formateur, "Représentant légal de l'organisme").fill('Dominique Martin');
  await h.field(formateur, 'Lieu (« Fait à … »)').fill('Lyon');
  await formateur.getByLabel(/^TP — Paramétrage d'une fiche structure/).check();
  await h.field(formateur, 'Nombre de questions du test de positionnement').fill('12');
  await formateur.getByRole('button', { name: 'Créer le lien de la session' }).click();
  const lien = await formateur.locator('#lien-session').innerText();
  expect(lien).toContain('#/session?titre=');
  await h.checkA11y(formateur);

  // The trainee opens it in a fresh browser.
  const page = await (await browser.newContext({ baseURL })).newPage();
  const w = h.watch(page, baseURL);
  await h.open(page, lien.split('#')[1]);
  await expect(page.locator('h1')).toHaveText('Session : Chorus Pro : déposer et suivre ses factures');
  await h.checkA11y(page);
  await page.getByRole('button', { name: 'Commencer la session' }).click();
  await expect(page.getByText('Indiquez vos prénom et nom')).toBeVisible();
  await h.field(page, 'Vos prénom et nom').fill('Alex Dupont');
  await page.getByRole('button', { name: 'Commencer la session' }).click();

  // Test « avant »: no feedback.
  await expect(page.locator('h1')).toHaveText('Test de positionnement « avant »');
  await h.checkA11y(page);
  await repondre(page);
  await expect(page.getByText('Test « avant » enregistré')).toBeVisible();
  await expect(page.getByText('la correction vous sera montrée après le test « après »')).toBeVisible();
  await expect(page.locator('.corrections')).toHaveCount(0);
  await expect(page.getByText('Bonne réponse', { exact: false })).toHaveCount(0);
  await h.checkA11y(page);

  // One exercise: the fiche structure's phone and e-mail.
  await h.open(page, '/structures');
  await page.getByRole('link', { name: 'Fiche structure' }).click();
  await h.field(page, 'Téléphone').fill('04 78 42 16 90');
  await h.field(page, 'Adresse électronique').fill('comptabilite@papeterie-du-centre.example');
  await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
  await page.locator('.panneau-scenario').getByRole('button', { name: 'Vérifier' }).click();
  await expect(page.locator('.panneau-scenario').getByText('Vérification : étape réussie.')).toBeVisible();

  // Test « après »: feedback per option.
  await page.locator('.panneau-scenario').getByRole('link', { name: 'Test « après »' }).click();
  await expect(page.locator('h1')).toHaveText('Test de positionnement « après »');
  await h.checkA11y(page);
  await repondre(page);
  await expect(page.locator('#score-apres')).toContainText('bonnes réponses sur 12');
  await expect(page.locator('#score-apres')).toContainText('« Je ne sais pas » : 1');
  await expect(page.locator('.corrections > li')).toHaveCount(12);
  await expect(page.locator('.corrections .retour').first()).toContainText('« Je ne sais pas »');
  await expect(page.getByText('Gain normalisé g :')).toBeVisible();
  await h.checkA11y(page);

  // The attestation: the print media shows the results, not the buttons.
  await page.locator('a.bouton', { hasText: 'Mes résultats et attestation' }).click();
  await expect(page.locator('h1')).toHaveText('Mes résultats de formation');
  await h.checkA11y(page);
  await page.getByRole('link', { name: 'Attestation de fin de formation' }).click();
  await expect(page.locator('h1')).toHaveText('Attestation de fin de formation');
  await h.checkA11y(page);
  await page.emulateMedia({ media: 'print' });
  const doc = page.locator('.document-a4');
  await expect(doc).toBeVisible();
  await expect(doc).toContainText('Formations & Cie atteste que Alex Dupont a suivi la formation');
  await expect(doc).toContainText('Test de positionnement avant : ');
  await expect(doc).toContainText('Test de positionnement après : ');
  await expect(doc).toContainText('Exercices pratiques');
  await expect(doc).toContainText("Il n'est délivré ni par l'État, ni par Chorus Pro");
  await expect(page.getByRole('button', { name: 'Imprimer ou enregistrer en PDF' })).toBeHidden();
  await expect(page.locator('.panneau-scenario')).toBeHidden();
  expect(await pagesA4(page)).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await h.open(page, '/certificat-de-realisation');
  await expect(page.locator('.document-a4')).toContainText('Je soussigné(e) Dominique Martin, représentant légal du dispensateur');
  await expect(page.locator('.document-a4')).toContainText('pour une durée de 7 heures.');
  await page.emulateMedia({ media: 'print' });
  expect(await pagesA4(page)).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  await h.checkA11y(page);

  // The results file, one click.
  await h.open(page, '/mes-resultats');
  const [telechargement] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter mes résultats' }).click(),
  ]);
  expect(telechargement.suggestedFilename()).toMatch(/^resultats-alex-dupont-\d{4}-\d{2}-\d{2}\.json$/);
  const texte = fs.readFileSync(await telechargement.path(), 'utf8');
  const fichier = JSON.parse(texte);
  expect(fichier.format).toBe('cpsb-resultats');
  expect(fichier.progression.qcm).toHaveLength(2);
  await expect(page.getByText(/Résultats exportés dans « resultats-alex-dupont/)).toBeVisible();

  // A second trainee's file (same shape, another name, its fingerprint recomputed) and a broken one.
  const autre = JSON.parse(texte);
  autre.progression.stagiaire = 'Bob Martin';
  autre.progression.qcm[0].reponses = autre.progression.qcm[0].reponses.map(([id]) => [id, 3]);
  autre.empreinte = crypto.createHash('sha256').update(JSON.stringify(autre.progression)).digest('hex');

  await formateur.getByLabel(/^Fichiers de résultats des stagiaires/).setInputFiles([
    { name: 'alex.json', mimeType: 'application/json', buffer: Buffer.from(texte) },
    { name: 'casse.json', mimeType: 'application/json', buffer: Buffer.from(texte.slice(0, 200)) },
    { name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(autre)) },
  ]);
  const tableau = formateur.locator('#tableau-classe');
  await expect(tableau.locator('tbody tr')).toHaveCount(2);
  await expect(tableau).toContainText('Alex Dupont');
  await expect(tableau).toContainText('Bob Martin');
  await expect(formateur.locator('.bilan-classe [role=alert]')).toContainText('« casse.json » : ce n\'est pas un fichier JSON lisible');
  await expect(formateur.locator('#moyennes-classe')).toContainText('moyenne des g individuels');
  await expect(formateur.locator('#moyennes-classe')).toContainText('Test avant : ');
  await expect(formateur.locator('#tableau-objectifs tbody tr').first()).toBeVisible();
  await expect(formateur.locator('svg.graphique')).toBeVisible();
  await h.checkA11y(formateur);
  const [csv] = await Promise.all([
    formateur.waitForEvent('download'),
    formateur.getByRole('button', { name: 'Exporter en CSV' }).click(),
  ]);
  const contenu = fs.readFileSync(await csv.path(), 'utf8');
  const lignes = contenu.split(/\r?\n/).filter((l) => l.length > 0);
  expect(lignes[0].startsWith('\uFEFFStagiaire;Scénario;')).toBe(true);
  expect(lignes[0]).toContain(';QCM avant;');
  expect(lignes[0]).toContain(';Gain normalisé g;');
  expect(lignes).toHaveLength(3);

  // Thirty results files load (the budget's figure, drop to table, is printed by
  // `BENCH_ONLY=bilan node bench/bench.js`).
  await formateur.getByRole('button', { name: 'Vider le bilan' }).click();
  await expect(tableau).toHaveCount(0);
  const trente = [];
  for (let i = 1; i <= 30; i++) {
    const f = JSON.parse(texte);
    f.progression.stagiaire = `Stagiaire ${i}`;
    f.empreinte = crypto.createHash('sha256').update(JSON.stringify(f.progression)).digest('hex');
    trente.push({ name: `s${i}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(f)) });
  }
  await formateur.getByLabel(/^Fichiers de résultats des stagiaires/).setInputFiles(trente);
  await expect(tableau.locator('tbody tr')).toHaveCount(30);

  await w.verify();
  await wf.verify();
});

test('the course pages « Comprendre »: sources and links into the sandbox', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  for (const sujet of ['contexte', 'modes-acces', 'typologies', 'entite-publique', 'accompagnement']) {
    await h.open(page, `/comprendre/${sujet}`);
    await expect(page.locator('h1')).toContainText('Comprendre : ');
    const n = await page.locator('.fiche-cours > li').count();
    expect(n).toBeGreaterThan(3);
    await expect(page.locator('.fiche-cours .mention')).toHaveCount(n);
    await h.checkA11y(page);
  }
  await h.open(page, '/comprendre/typologies');
  await page.getByRole('link', { name: 'Exercice : choisir le type et le cadre' }).click();
  await expect(page.locator('h1')).toContainText('Scénario : ');
  await w.verify();
});
