#!/usr/bin/env node
// `npm test`: every test, in the order that makes failures easy to read:
//   1. make sure the browsers are installed (apt-get when root, else say what to install)
//   2. npm run build  (e2e tests load dist/chrome and dist/firefox)
//   3. npm run package, then npm run package:check (the store packages, which package.e2e.ts
//      installs; the check rebuilds them from the source archive: 20-35 s with npm's cache)
//   4. typecheck      (tsc --noEmit: one pass or one fail)
//   5. lint           (scripts/lint.mjs: ESLint, then web-ext lint of dist/firefox; one pass or one fail)
//   6. unit tests     (vitest.config.ts)
//   7. e2e, Chromium  (vitest.e2e.config.ts, FRAMELINE_BROWSER_UNDER_TEST=chromium)
//   8. e2e, Firefox   (same config, FRAMELINE_BROWSER_UNDER_TEST=firefox)
// and ends with one line "N passed, N failed" (summed over the vitest runs), which CI reads.
// --unit-only runs 4-6 (lint then builds dist/firefox itself); --e2e-only runs 1-3, 7 and 8.
// A step that fails without a failing test to show for it (build error, a test file that does
// not load, a crash) counts as one failed, so that line never reads "0 failed" on a red run.
//
//   npm test -- --unit-only | --e2e-only | --browser chromium|firefox | --no-build | --no-package-check
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBrowsers } from './ensure-browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const RESULTS_DIR = `${ROOT}test-results`;

const { values: opts } = parseArgs({
  options: {
    'unit-only': { type: 'boolean', default: false },
    'e2e-only': { type: 'boolean', default: false },
    browser: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'no-package-check': { type: 'boolean', default: false },
  },
});
if (opts['unit-only'] && opts['e2e-only']) usage('--unit-only and --e2e-only exclude each other');
const browserAlias = { chromium: 'chromium', chrome: 'chromium', firefox: 'firefox' };
if (opts.browser && !browserAlias[opts.browser]) usage(`--browser must be chromium or firefox, not "${opts.browser}"`);
const browsers = opts['unit-only'] ? [] : opts.browser ? [browserAlias[opts.browser]] : ['chromium', 'firefox'];
const runUnit = !opts['e2e-only'];

/** One row per step: { name, passed, failed, skipped, note } */
const rows = [];

if (browsers.length) {
  try {
    await ensureBrowsers({ need: browsers });
  } catch (err) {
    console.error(`\n[npm test] ${err.message}`);
    rows.push({ name: 'browsers', passed: 0, failed: 1, skipped: 0, note: 'browsers missing: e2e not run' });
    browsers.length = 0;
  }
}

let built = true;
const buildStepRuns = browsers.length > 0 && !opts['no-build'];
if (buildStepRuns) {
  banner('build');
  built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status === 0;
  if (!built) rows.push({ name: 'build', passed: 0, failed: 1, skipped: 0, note: 'npm run build failed: e2e not run' });
}

if (browsers.length && built) {
  banner('package');
  const packaged = step('package', ['run', 'package', '--', '--no-build'], 'npm run package failed');
  if (packaged && !opts['no-package-check']) {
    banner('package check');
    step('package check', ['run', 'package:check'], 'the source archive does not rebuild the packages');
  }
}

mkdirSync(RESULTS_DIR, { recursive: true });
if (runUnit) rows.push(typecheck());
// web-ext lints the build: reuse the one just made (or report it missing), else make a fresh one.
if (runUnit) rows.push(lint(buildStepRuns || opts['no-build'] ? '--no-build' : '--build'));
if (runUnit) rows.push(vitest('unit', 'vitest.config.ts', {}));
if (built) for (const browser of browsers) rows.push(vitest(`e2e ${browser}`, 'vitest.e2e.config.ts', { FRAMELINE_BROWSER_UNDER_TEST: browser }));

const total = rows.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed }), { passed: 0, failed: 0 });
banner('summary');
for (const r of rows) console.log(`  ${r.name.padEnd(14)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.note ? `  (${r.note})` : ''}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed ? 1 : 0);

/** Runs one vitest suite and reads its counts from the JSON reporter's file. */
function vitest(name, config, env) {
  banner(name);
  const outFile = `${RESULTS_DIR}/vitest-${name.replace(/\s+/g, '-')}.json`;
  rmSync(outFile, { force: true });
  const args = [VITEST, 'run', '--config', config, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`];
  const status = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status;
  let report;
  try {
    report = JSON.parse(readFileSync(outFile, 'utf8'));
  } catch {
    return { name, passed: 0, failed: 1, skipped: 0, note: `vitest exited ${status} without a report` };
  }
  // A file can fail with no failing test in it: it did not load, or a beforeAll threw (its
  // tests then show as skipped). Count each such file as one failure.
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
  const row = {
    name,
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
    note: brokenFiles ? `${brokenFiles} file(s) failed outside tests (load error or hook)` : '',
  };
  if (status !== 0 && row.failed === 0) {
    row.failed = 1;
    row.note = `vitest exited ${status} (an error outside tests)`;
  }
  return row;
}

/** One npm script as a pass/fail row. */
function step(name, npmArgs, failureNote) {
  const ok = spawnSync('npm', npmArgs, { cwd: ROOT, stdio: 'inherit' }).status === 0;
  rows.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, note: ok ? '' : failureNote });
  return ok;
}

/** TypeScript strict over everything (src, extension, tests, bench): one check, pass or fail. */
function typecheck() {
  banner('typecheck');
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const status = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' }).status;
  return { name: 'typecheck', passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0, note: status === 0 ? '' : 'tsc --noEmit found errors' };
}

/** ESLint and web-ext lint (scripts/lint.mjs): one check, pass or fail. */
function lint(buildFlag) {
  banner('lint');
  const status = spawnSync(process.execPath, ['scripts/lint.mjs', buildFlag], { cwd: ROOT, stdio: 'inherit' }).status;
  return { name: 'lint', passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, skipped: 0, note: status === 0 ? '' : 'eslint or web-ext lint found problems' };
}

function banner(title) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(0, 60 - title.length))}`);
}

function usage(message) {
  console.error(`[npm test] ${message}\nusage: npm test -- [--unit-only | --e2e-only] [--browser chromium|firefox] [--no-build] [--no-package-check]`);
  process.exit(2);
}
