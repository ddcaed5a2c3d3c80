// Prints the bundle size and the cold-load figures (see run.sh). Never fails on a figure.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

const BUNDLE_BUDGET_KB = 250;
const RUNS = 5;
const [distDir, appUrl, emptyUrl] = process.argv.slice(2);

function bundleSize(dir) {
  const rows = fs.readdirSync(dir)
    .filter((f) => /\.(html|js|wasm|css)$/.test(f))
    .map((f) => {
      const raw = fs.readFileSync(path.join(dir, f));
      return { f, raw: raw.length, gz: zlib.gzipSync(raw, { level: 9 }).length };
    });
  return rows;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function coldLoad(browser, url) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext(); // fresh cache and storage: a cold load
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        const root = document.documentElement;
        if (root && root.getAttribute('data-app-ready') === '1') {
          window.__readyAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { attributes: true, childList: true, subtree: true });
    });
    await page.goto(url);
    await page.waitForSelector('html[data-app-ready="1"]');
    times.push(await page.evaluate(() => window.__readyAt));
    await context.close();
  }
  return times;
}

(async () => {
  const rows = bundleSize(distDir);
  console.log('\nTaille du bundle release (gzip -9)');
  for (const r of rows) console.log(`  ${r.f.padEnd(50)} ${(r.raw / 1024).toFixed(1).padStart(8)} Kio brut ${(r.gz / 1024).toFixed(1).padStart(8)} Kio gzip`);
  const total = rows.reduce((s, r) => s + r.gz, 0) / 1000;
  console.log(`  total: ${total.toFixed(1)} KB gzip (budget ${BUNDLE_BUDGET_KB} KB: ${total <= BUNDLE_BUDGET_KB ? 'respecté' : 'DÉPASSÉ'})`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const app = await coldLoad(browser, appUrl);
  const empty = await coldLoad(browser, emptyUrl);
  await browser.close();
  const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`\nChargement à froid jusqu'à interactif (Chromium headless, 127.0.0.1, ${RUNS} essais)`);
  console.log(`  bac à sable       : médiane ${median(app).toFixed(0)} ms (${fmt(app)})`);
  console.log(`  app Yew vide      : médiane ${median(empty).toFixed(0)} ms (${fmt(empty)})`);
  const ratio = median(app) / median(empty);
  console.log(`  rapport           : ${ratio.toFixed(2)} (objectif ≤ 1,3: ${ratio <= 1.3 ? 'atteint' : 'non atteint'})`);
})().catch((e) => { console.error(e); process.exit(1); });
