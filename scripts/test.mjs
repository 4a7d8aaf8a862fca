// `npm test`: static checks, unit and integration tests (vitest), then end-to-end tests in
// Chromium (Playwright), ending with one line `N passed, N failed, N skipped` summed over all.
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ensureDeps, root, run } from './ensure-deps.mjs';

ensureDeps();
const reports = path.join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };

function step(name, ok) {
  if (ok) totals.passed += 1;
  else totals.failed += 1;
  console.log(`skyfort test: ${name} ${ok ? 'passed' : 'FAILED'}`);
}

// Static checks count as one test each: a type or layering error is a failure a user would hit.
step('typecheck', run('npx', ['tsc', '-b']) === 0 && run('npx', ['tsc', '-p', 'tsconfig.tests.json']) === 0 && run('npx', ['vue-tsc', '--noEmit', '-p', 'renderer']) === 0 && run('npx', ['tsc', '-p', 'bench/topology/page/tsconfig.json']) === 0);
step('lint (layering rules)', run('npx', ['eslint', '.', '--max-warnings', '0']) === 0);

const vitestJson = path.join(reports, 'vitest.json');
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests + (v.success === false && v.numFailedTests === 0 ? 1 : 0);
  totals.skipped += v.numPendingTests + v.numTodoTests;
} else {
  step('vitest produced a report', false);
}

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium && !process.env.PLAYWRIGHT_BROWSERS_PATH) {
  console.log('skyfort test: the end-to-end tests need a Chromium. Install it with:');
  console.log('  sudo apt-get install -y chromium fonts-noto-cjk');
  console.log('(or, where downloads are allowed, `npx playwright install chromium`)');
  step('end-to-end browser available', false);
} else {
  ensureBuilt();
  const pwJson = path.join(reports, 'playwright.json');
  run('npx', ['playwright', 'test'], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson } });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    totals.passed += s.expected + s.flaky;
    totals.failed += s.unexpected;
    totals.skipped += s.skipped;
  } else {
    step('playwright produced a report', false);
  }
}

const ran = totals.passed + totals.failed;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || ran === 0 ? 1 : 0);
