#!/usr/bin/env node
// `npm run bench`: what Frameline costs the page and how the panel holds up (docs/BENCHMARKS.md).
//
//   1. makes sure Chromium and Firefox are installed (scripts/ensure-browsers.mjs)
//   2. builds the extension from the working tree (or from a commit, --commit REV) into a private
//      folder (not dist/, which other test runs may be using), or uses dist/ with --no-build
//   3. runs each scenario (bench/*.bench-run.ts) through vitest, one at a time, in a Node process
//      with --expose-gc; each writes its figures as JSON
//   4. prints the tables and rewrites docs/BENCHMARKS.md (full runs only, unless --no-write)
//
//   npm run bench                         full run (about 9 minutes on 2 otherwise idle cores, plus the
//                                         soak: 30 minutes per browser)
//   npm run bench -- --quick              smoke run, a few minutes (small counts, one round, a 2-minute soak
//                                         per browser; docs/ untouched)
//   npm run bench -- --only page,relay    some scenarios: page, worker, hook, pageload, relay, scale, logs, soak
//   npm run bench -- --only worker        worker cost: the page-cost stream run by a dedicated worker
//                                         (blob: in both browsers, http: in Firefox), 100k messages
//   npm run bench -- --browser chromium   one browser (Firefox: page cost, hook footprint and soak only)
//   npm run bench -- --reps 5             rounds of interleaved configurations (default 3)
//   npm run bench -- --text 200000 --binary 20000 --sends 100000   page-cost stream
//   npm run bench -- --scale 1000000 --browser-scale 1000000        panel at scale (Node / browser)
//   npm run bench -- --export 500000 --rates 1000,10000,50000 --relay-seconds 4
//   npm run bench -- --only soak --soak-minutes 6   soak length per browser (default 30, 2 with --quick):
//                                         20 sockets with churn, the panel open and closed in turns,
//                                         memory sampled each minute, nothing lost
//   npm run bench -- --commit HEAD        measure a commit (src/, extension/ ... as committed; the
//                                         bench/ code as it is now), not the working tree
//   npm run bench -- --only page --alt before=HEAD   one more panel-closed configuration per --alt, side
//                                        by side in the same run (page and worker cost): NAME=REV builds a
//                                        commit, NAME=DIR takes a built extension (DIR/chrome, DIR/firefox),
//                                        e.g. a floor build of a stripped-down hook
//   npm run bench -- --no-build | --write | --no-write | --report-only
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBrowsers } from '../scripts/ensure-browsers.mjs';
import { FULL, QUICK } from './lib/defaults.mjs';
import { renderReport } from './report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const WORK = join(ROOT, 'bench/.tmp');
const SCENARIOS = ['page', 'worker', 'hook', 'pageload', 'relay', 'scale', 'logs', 'soak'];
const FILES = { page: 'page-cost', worker: 'worker-cost', hook: 'hook-footprint', pageload: 'page-load', relay: 'relay', scale: 'panel-scale', logs: 'logs', soak: 'soak' };

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    browser: { type: 'string' },
    reps: { type: 'string' },
    text: { type: 'string' },
    binary: { type: 'string' },
    sends: { type: 'string' },
    scale: { type: 'string' },
    'browser-scale': { type: 'string' },
    export: { type: 'string' },
    rates: { type: 'string' },
    'relay-seconds': { type: 'string' },
    'page-loads': { type: 'string' },
    'soak-minutes': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    commit: { type: 'string' },
    alt: { type: 'string', multiple: true },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}

const only = args.only ? args.only.split(',').map((s) => s.trim()) : SCENARIOS;
for (const name of only) if (!SCENARIOS.includes(name)) fail(`--only: unknown scenario "${name}" (want ${SCENARIOS.join(', ')})`);
const browsers = args.browser ? [args.browser === 'chrome' ? 'chromium' : args.browser] : ['chromium', 'firefox'];
for (const b of browsers) if (b !== 'chromium' && b !== 'firefox') fail(`--browser must be chromium or firefox, not "${b}"`);

const base = structuredClone(args.quick ? QUICK : FULL);
const int = (value, name) => {
  const n = Number(String(value).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) fail(`--${name} wants a whole number, not "${value}"`);
  return n;
};
if (args.reps) base.reps = Math.max(1, int(args.reps, 'reps'));
if (args.text) base.page.text = int(args.text, 'text');
if (args.binary) base.page.binary = int(args.binary, 'binary');
if (args.sends) base.page.sends = int(args.sends, 'sends');
if (args.scale) base.scale.node = int(args.scale, 'scale');
if (args['browser-scale']) base.scale.browser = int(args['browser-scale'], 'browser-scale');
if (args.export) base.logs.messages = int(args.export, 'export');
if (args.rates) base.relay.rates = args.rates.split(',').map((r) => int(r, 'rates'));
if (args['relay-seconds']) base.relay.seconds = Math.max(1, int(args['relay-seconds'], 'relay-seconds'));
if (args['page-loads']) base.pageLoad.loads = Math.max(1, int(args['page-loads'], 'page-loads'));
if (args['soak-minutes']) base.soak.minutes = Math.max(1, int(args['soak-minutes'], 'soak-minutes'));

const resultsDir = join(WORK, 'results');
const started = Date.now();

if (args.commit && args['no-build']) fail('--commit and --no-build exclude each other');
if (!args['report-only']) {
  await ensureBrowsers({ need: browsers });
  // Where the product's source comes from: this working tree, or a snapshot of a commit.
  const source = args.commit ? snapshot(args.commit) : { dir: ROOT, builtFrom: undefined };
  const dirs = args['no-build'] ? { chrome: join(ROOT, 'dist/chrome'), firefox: join(ROOT, 'dist/firefox') } : buildExtension(source);
  const alts = (args.alt ?? []).map((spec) => {
    const [name, target] = spec.split('=');
    if (!name || !target) fail(`--alt wants NAME=REV or NAME=DIR, not "${spec}"`);
    if (existsSync(join(target, 'chrome/manifest.json'))) return { name, chromeDir: join(target, 'chrome'), firefoxDir: join(target, 'firefox'), builtFrom: target };
    const alt = snapshot(target);
    const built = buildExtension(alt, join(WORK, `alt-${name}`));
    rmSync(alt.dir, { recursive: true, force: true });
    return { name, chromeDir: built.chrome, firefoxDir: built.firefox, builtFrom: built.builtFrom };
  });
  const options = { ...base, browsers, chromeDir: dirs.chrome, firefoxDir: dirs.firefox, resultsDir, builtFrom: dirs.builtFrom, alts };
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const failed = [];
  for (const name of only) {
    const file = `bench/${FILES[name]}.bench-run.ts`;
    console.log(`\n=== ${name}: ${file} ${'='.repeat(Math.max(0, 50 - file.length))}`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [VITEST, 'run', '--config', 'bench/vitest.bench.config.ts', file], {
      cwd: source.dir,
      stdio: 'inherit',
      env: { ...process.env, FRAMELINE_BENCH_OPTIONS: JSON.stringify(options) },
    });
    console.log(`=== ${name}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (r.status !== 0) failed.push(name);
  }
  if (failed.length) console.error(`\nscenarios that failed: ${failed.join(', ')} (their tables are missing below)`);
  if (source.dir !== ROOT) rmSync(source.dir, { recursive: true, force: true });
  const meta = { options, date: new Date().toISOString(), durationS: (Date.now() - started) / 1000, failed };
  writeFileSync(join(resultsDir, 'meta.json'), JSON.stringify(meta, null, 1));
}

const results = readResults();
const write = args['no-write'] ? false : (args.write ?? !args.quick);
const { text, markdown } = renderReport(results, { resultsDir });
console.log(`\n${text}`);
if (write) {
  writeFileSync(join(ROOT, 'docs/BENCHMARKS.md'), markdown);
  console.log('docs/BENCHMARKS.md rewritten');
} else console.log('(docs/BENCHMARKS.md left as it is: quick runs and --no-write do not write it)');
if (results.meta?.failed?.length) process.exit(1);

/**
 * A commit's tree (git archive) with this working tree's bench/ and node_modules linked in, so
 * that the product measured is exactly the commit while the benchmarks are the current ones.
 */
function snapshot(rev) {
  const sha = spawnSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  if (!sha) fail(`--commit: "${rev}" is not a commit`);
  const dir = join(tmpdir(), `frameline-bench-src-${sha.slice(0, 12)}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive ${sha} | tar -x -C '${dir}'`], { cwd: ROOT, stdio: 'inherit' });
  if (archive.status !== 0) fail(`--commit: could not extract ${sha}`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  rmSync(join(dir, 'bench'), { recursive: true, force: true });
  cpSync(join(ROOT, 'bench'), join(dir, 'bench'), { recursive: true, filter: (path) => !path.includes('/bench/.tmp') });
  console.log(`=== measuring commit ${sha.slice(0, 12)} (snapshot in ${dir})`);
  return { dir, builtFrom: `commit ${sha.slice(0, 12)}` };
}

function buildExtension(source, out = join(WORK, 'dist')) {
  console.log(`=== build: ${source.dir === ROOT ? 'the working tree' : source.builtFrom} into ${out} (dist/ is left alone)`);
  const script = `
    import { build } from 'vite';
    for (const browser of ['chrome', 'firefox']) {
      process.env.FRAMELINE_BROWSER = browser;
      await build({ logLevel: 'error', configFile: ${JSON.stringify(join(source.dir, 'vite.config.ts'))}, build: { outDir: ${JSON.stringify(out)} + '/' + browser, emptyOutDir: true } });
    }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: source.dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(out, 'chrome/manifest.json')) || !existsSync(join(out, 'firefox/manifest.json'))) {
    fail('the build failed (see above); fix it, or run with --no-build to measure dist/ as it is');
  }
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const builtFrom =
    source.builtFrom ?? `working tree at ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src', 'extension', 'manifest.json', 'public') ? ' + uncommitted changes' : ''}`;
  return { chrome: join(out, 'chrome'), firefox: join(out, 'firefox'), builtFrom };
}

function readResults() {
  const results = {};
  if (!existsSync(resultsDir)) return results;
  for (const file of readdirSync(resultsDir)) {
    if (file.endsWith('.json')) results[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
  }
  return results;
}

function fail(message) {
  console.error(`[bench] ${message}`);
  process.exit(2);
}

