// `npm test`: typecheck, lint, build, unit tests (vitest) and end-to-end tests (Playwright in
// Chromium against the web host), then one closing line `N passed, N failed` counting them all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, howToGetChromium } from './find-chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'deepwire-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(title, command, args, env = {}) {
  console.log(`\n── ${title} ──`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A whole step that passes or fails as one check (typecheck, lint, build). */
function check(title, command, args) {
  if (run(title, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(title);
  }
}

check('typecheck src-shared (no DOM, no Node)', 'npx', ['tsc', '-p', 'tsconfig.shared.json']);
check('typecheck src-main (Node)', 'npx', ['tsc', '-p', 'tsconfig.node.json']);
check('typecheck e2e', 'npx', ['tsc', '-p', 'tsconfig.e2e.json']);
check('typecheck src-renderer (svelte-check)', 'npx', ['svelte-check', '--tsconfig', 'tsconfig.web.json', '--threshold', 'warning', '--fail-on-warnings']);
check('lint (layering rules)', 'npx', ['eslint', '.']);
check('build', 'npx', ['electron-vite', 'build']);

// Unit tests: counted one by one from vitest's JSON report.
const unitReport = join(reports, 'vitest.json');
const unitOk = run('unit tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${unitReport}`]);
if (existsSync(unitReport)) {
  const report = JSON.parse(readFileSync(unitReport, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} unit test(s)`);
  // A suite that fails to load has no tests to count; count it as a failure.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  if (brokenFiles > 0) {
    totals.failed += brokenFiles;
    failures.push(`${brokenFiles} unit test file(s) that did not load`);
  }
} else if (!unitOk) {
  totals.failed += 1;
  failures.push('vitest did not run');
}

// End-to-end tests in Chromium.
const chromium = findChromium();
if (!chromium) {
  console.log(`\n── end-to-end tests (Playwright) ──\n${howToGetChromium}`);
  totals.failed += 1;
  failures.push('end-to-end tests: no Chromium');
} else {
  const e2eReport = join(reports, 'playwright.json');
  console.log(`\nUsing Chromium at ${chromium.path} (${chromium.source}).`);
  const e2eOk = run('end-to-end tests (Playwright + web host)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
    CHROMIUM_PATH: chromium.path,
  });
  if (existsSync(e2eReport)) {
    const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
    if (stats.unexpected > 0) failures.push(`${stats.unexpected} end-to-end test(s)`);
    if (!e2eOk && stats.unexpected === 0) {
      totals.failed += 1;
      failures.push('Playwright exited with an error');
    }
  } else {
    totals.failed += 1;
    failures.push('Playwright did not run');
  }
}

rmSync(reports, { recursive: true, force: true });
console.log('');
if (failures.length > 0) console.log(`Failed: ${failures.join(', ')}.`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
