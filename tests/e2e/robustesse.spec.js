// Values no form can produce — a 1-character invoice id, an instant near the end of chrono's range,
// an Argon2 hash with huge costs, a huge clock offset — whether they come from an import file or
// are written straight into localStorage: refused or set aside with a French message naming the
// record and the field, nothing else changes, and the app stays alive (no abort on a panic).
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const h = require('./helpers');

/** Year 262142 in milliseconds: the instant that overflowed `date + Duration`. */
const AN_262142 = 8210266876799000;
const HUGE_ARGON2 = '$argon2id$v=19$m=4194304,t=100,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** « Avancer de 7 jours » in the Espace formateur works and shows the new offset. */
async function advanceSevenDays(page, expected) {
  await h.enterTrainerMode(page);
  await page.getByRole('button', { name: 'Avancer de 7 jours' }).click();
  await expect(page.locator('#horloge-actuelle')).toContainText(expected);
}

test('un import aux valeurs hors limites est refusé, champ par champ, et rien ne change', async ({ page, baseURL }, testInfo) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'bornes@exemple.fr' });
  await h.enterTrainerMode(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter mes données' }).click(),
  ]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const before = await h.sandboxRecords(page);

  const edited = (change) => {
    const copy = JSON.parse(JSON.stringify(exported));
    change(copy);
    return JSON.stringify(copy);
  };
  const account = (file) => file.records.find((r) => r.collection === 'account').data;
  const cases = [
    ['id-court.json',
      edited((f) => f.records.push({ collection: 'facture', id: 'a', data: { id: 'a', em: 'demo-structure', cr: 'demo-compte', ct: 1795392000000 } })),
      '(facture) : identifiant « a » invalide (4 à 64 caractères'],
    // A number JSON.stringify writes exactly; the year 262142 is far beyond 2100.
    ['date-extreme.json',
      edited((f) => { account(f).last_login_at = AN_262142; }),
      '(compte utilisateur « bornes@exemple.fr ») : la date « Dernière connexion » est hors de la plage admise (années 2000 à 2100).'],
    ['argon2-enorme.json',
      edited((f) => { account(f).password_hash = HUGE_ARGON2; }),
      "(compte utilisateur « bornes@exemple.fr ») : l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas (attendus : argon2id, version 19, m=19456, t=2, p=1)."],
  ];
  for (const [name, content, message] of cases) {
    const file = testInfo.outputPath(name);
    fs.writeFileSync(file, content);
    await h.field(page, "Fichier d'export (.json)").setInputFiles(file);
    const alert = page.locator('.alerte-erreur');
    await expect(alert).toContainText(`Le fichier « ${name} » n'a pas été importé`);
    await expect(alert).toContainText(message);
  }
  // A Latin-1 file is refused, not imported with its accents replaced.
  const latin1 = testInfo.outputPath('latin1.json');
  fs.writeFileSync(latin1, Buffer.from(edited((f) => { account(f).prenom = 'Hélène'; }), 'latin1'));
  await h.field(page, "Fichier d'export (.json)").setInputFiles(latin1);
  await expect(page.locator('.alerte-erreur')).toContainText("Le fichier n'est pas encodé en UTF-8");

  expect(await h.sandboxRecords(page)).toEqual(before);
  await h.checkA11y(page);
  await advanceSevenDays(page, '+7 j');
  await w.verify();
});

test('les mêmes valeurs écrites dans le stockage sont mises de côté et l’application reste vivante', async ({ page, baseURL }) => {
  const w = h.watch(page, baseURL);
  await h.createAccount(page, { email: 'stockage@exemple.fr' });
  const [accountKey, mailKey] = await page.evaluate(() => ['account', 'mail']
    .map((c) => Object.keys(localStorage).find((k) => k.startsWith(`cpsb:${c}:`))));
  await page.evaluate(({ accountKey, mailKey, AN_262142, HUGE_ARGON2 }) => {
    const envelope = (data) => JSON.stringify({ v: 1, rev: 1, data });
    // An invoice under a 1-character id, and one whose history ends near chrono's limit.
    localStorage.setItem('cpsb:facture:a', envelope({ id: 'a', em: 'demo-structure', cr: 'demo-compte', ct: 1795392000000 }));
    localStorage.setItem('cpsb:facture:f000000000000001', envelope({
      id: 'f000000000000001', em: 'demo-structure', cr: 'demo-compte', ct: 1795392000000, no: 'FA-12', st: 'DEPOSEE',
      hi: [{ s: 'DEPOSEE', t: AN_262142 }],
    }));
    // The account's hash with huge costs, the activation mail sent in the year 262142, the clock
    // 2^63 − 1 seconds ahead (written as text: exact).
    const edit = (key, change) => {
      const envelope = JSON.parse(localStorage.getItem(key));
      change(envelope.data);
      localStorage.setItem(key, JSON.stringify(envelope));
    };
    edit(accountKey, (a) => { a.password_hash = HUGE_ARGON2; });
    edit(mailKey, (m) => { m.sent_at = AN_262142; });
    localStorage.setItem('cpsb:clock:main', '{"v":1,"rev":1,"data":{"offset_seconds":9223372036854775807}}');
  }, { accountKey, mailKey, AN_262142, HUGE_ARGON2 });
  await h.reload(page);
  await expect(page.getByText("Certaines données n'ont pas pu être lues")).toBeVisible();
  await page.getByRole('link', { name: 'Voir la page de récupération' }).click();
  await expect(page.locator('h1')).toHaveText('Récupération des données');
  for (const key of ['cpsb:facture:a', 'cpsb:facture:f000000000000001', accountKey, mailKey, 'cpsb:clock:main']) {
    await expect(page.getByText(`cpsb-backup:${key}`, { exact: true })).toBeVisible();
  }
  await expect(page.getByText('clé inconnue de cette version')).toBeVisible();
  await expect(page.getByText('facture « FA-12 » : la date « Historique des statuts » est hors de la plage admise (années 2000 à 2100).')).toBeVisible();
  await expect(page.getByText("l'empreinte du mot de passe utilise des paramètres que le bac à sable n'écrit pas")).toBeVisible();
  await expect(page.getByText('la date « Envoyé le » est hors de la plage admise (années 2000 à 2100).')).toBeVisible();
  await expect(page.getByText("horloge du bac à sable : décalage d'horloge hors limites")).toBeVisible();
  await h.checkA11y(page);

  // Alive: the pages that read dates and the clock open, and the clock advances from real time.
  await h.open(page, '/messagerie');
  await expect(page.getByText('Aucun message pour l\'instant.')).toBeVisible();
  await advanceSevenDays(page, '+7 j');
  const stored = await h.sandboxRecords(page);
  expect(stored['cpsb:clock:main']).toEqual({ offset_seconds: 7 * 86400 });
  expect(stored[accountKey]).toBeUndefined();
  expect(stored[mailKey]).toBeUndefined();
  await w.verify();
});
