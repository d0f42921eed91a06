#!/usr/bin/env node
// `npm run lint`: the two linters, each run to the end so one run shows every problem.
//   1. ESLint over the repository (eslint.config.js: the layers, HTML sinks, browser APIs),
//      with --max-warnings 0.
//   2. web-ext lint over the built Firefox add-on (dist/firefox), as addons.mozilla.org would:
//      any error fails, and so does any warning not listed in KNOWN_WEB_EXT_WARNINGS.
// Exits non-zero if either fails.
//
// web-ext reads the build, not the sources. By default dist/firefox is built (Firefox only, about
// a second) when it is missing; an existing one is linted as it is.
//   node scripts/lint.mjs [--build | --no-build]
//     --build     always rebuild dist/firefox first (npm test -- --unit-only, which builds nothing else)
//     --no-build  never build: a missing dist/firefox fails (npm test after its own build step)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIREFOX_DIST = `${ROOT}dist/firefox`;
const ESLINT = fileURLToPath(new URL('../node_modules/eslint/bin/eslint.js', import.meta.url));
const WEB_EXT = fileURLToPath(new URL('../node_modules/web-ext/bin/web-ext.js', import.meta.url));

/**
 * web-ext warnings that are understood and accepted, each at most `max` times. Any other warning
 * fails the lint, so the list can only shrink: when one stops appearing, delete its entry.
 */
const KNOWN_WEB_EXT_WARNINGS = [
  // Empty: Preact's innerHTML branch (for dangerouslySetInnerHTML, which Frameline never uses) was
  // listed here until the bundle stopped tripping web-ext's UNSAFE_VAR_ASSIGNMENT check.
];

const { values: opts } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
if (opts.build && opts['no-build']) {
  console.error('[lint] --build and --no-build exclude each other');
  process.exit(2);
}

const eslintOk = runEslint();
const webExtOk = runWebExtLint();
console.log(`[lint] eslint ${eslintOk ? 'passed' : 'FAILED'}, web-ext lint ${webExtOk ? 'passed' : 'FAILED'}`);
process.exit(eslintOk && webExtOk ? 0 : 1);

function runEslint() {
  console.log('[lint] eslint --max-warnings 0 .');
  return spawnSync(process.execPath, [ESLINT, '--max-warnings', '0', '.'], { cwd: ROOT, stdio: 'inherit' }).status === 0;
}

function runWebExtLint() {
  const missing = !existsSync(`${FIREFOX_DIST}/manifest.json`);
  if (opts['no-build'] && missing) {
    console.error('[lint] dist/firefox is missing: run `npm run build` (or lint without --no-build)');
    return false;
  }
  if (opts.build || missing) {
    console.log('[lint] building dist/firefox for web-ext lint');
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--firefox'], { cwd: ROOT, stdio: 'inherit' }).status === 0;
    if (!built) {
      console.error('[lint] the Firefox build failed: web-ext lint not run');
      return false;
    }
  }
  console.log('[lint] web-ext lint --source-dir dist/firefox');
  const run = spawnSync(process.execPath, [WEB_EXT, 'lint', '--source-dir', FIREFOX_DIST, '--output', 'json', '--boring'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    console.error(`[lint] web-ext lint exited ${run.status} without a JSON report`);
    return false;
  }
  const { accepted, unexpected } = sortWarnings(report.warnings);
  for (const e of report.errors) console.error(`  error    ${where(e)}  ${e.code}: ${e.message}`);
  for (const w of unexpected) console.error(`  warning  ${where(w)}  ${w.code}: ${w.message}`);
  for (const { known, count } of accepted) console.log(`  accepted ${count}x ${known.code} (${known.message}): ${known.why}`);
  for (const known of KNOWN_WEB_EXT_WARNINGS) {
    if (!report.warnings.some((w) => isKnown(w, known))) console.log(`  note: ${known.code} (${known.message}) no longer appears; delete it from KNOWN_WEB_EXT_WARNINGS`);
  }
  console.log(`  web-ext: ${report.errors.length} errors, ${unexpected.length} unexpected warnings, ${report.notices.length} notices`);
  return report.errors.length === 0 && unexpected.length === 0;
}

/** Splits warnings into those KNOWN_WEB_EXT_WARNINGS accepts (up to each one's max) and the rest. */
function sortWarnings(warnings) {
  const counts = new Map();
  const unexpected = [];
  for (const w of warnings) {
    const known = KNOWN_WEB_EXT_WARNINGS.find((k) => isKnown(w, k));
    const seen = known ? (counts.get(known) ?? 0) : 0;
    if (known && seen < known.max) counts.set(known, seen + 1);
    else unexpected.push(w);
  }
  return { accepted: [...counts].map(([known, count]) => ({ known, count })), unexpected };
}

function isKnown(warning, known) {
  return warning.code === known.code && warning.message === known.message;
}

function where(item) {
  return item.file ? `${item.file}${item.line ? `:${item.line}` : ''}` : '(add-on)';
}
