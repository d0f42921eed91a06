#!/usr/bin/env node
// `npm run package`: builds, then writes the store packages and the source archive to artifacts/:
//
//   frameline-chrome-<version>.zip    Chrome Web Store upload: dist/chrome, manifest.json at the root
//   frameline-firefox-<version>.xpi   addons.mozilla.org upload: dist/firefox packed by `web-ext build`
//   frameline-source-<version>.zip    AMO's source upload: every file git tracks, from which
//                                     `npm ci && npm run build` makes the same dist/ files
//
// `npm run package:check` (scripts/package-check.mjs) proves the last line: it rebuilds from the
// source archive and compares with the two packages byte for byte.
//
//   npm run package [-- --no-build]     --no-build packs the dist/ already there
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeZip, isFile } from './zip.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB_EXT = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));

/** The artifact paths for a version; package-check.mjs and the package e2e test read them too. */
export function artifactPaths(version = packageVersion()) {
  const dir = `${ROOT}artifacts`;
  return {
    dir,
    chrome: `${dir}/frameline-chrome-${version}.zip`,
    firefox: `${dir}/frameline-firefox-${version}.xpi`,
    source: `${dir}/frameline-source-${version}.zip`,
  };
}

/** package.json's version, which manifest.json must repeat (the stores read the manifest's). */
export function packageVersion() {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
  const manifest = JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8'));
  if (pkg.version !== manifest.version) throw new Error(`package.json says version ${pkg.version}, manifest.json says ${manifest.version}: make them equal`);
  return pkg.version;
}

/** Tracked files (the index, with their working-tree content), as git lists them. */
export function trackedFiles() {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status !== 0) throw new Error(`git ls-files failed (the source archive is made from a git checkout): ${git.stderr || git.error?.message}`);
  const files = git.stdout.split('\0').filter(Boolean);
  const missing = files.filter((f) => !isFile(`${ROOT}${f}`));
  if (missing.length) throw new Error(`tracked but missing from the working tree: ${missing.join(', ')} (commit or restore the deletion)`);
  return files;
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status ?? result.error?.message}`);
}

export function packageAll({ build = true } = {}) {
  const version = packageVersion();
  const out = artifactPaths(version);
  if (build) run('npm', ['run', 'build']);
  for (const browser of ['chrome', 'firefox']) {
    if (!isFile(`${ROOT}dist/${browser}/manifest.json`)) throw new Error(`dist/${browser} is not built (run without --no-build)`);
  }

  rmSync(out.chrome, { force: true });
  writeZip(out.chrome, `${ROOT}dist/chrome`);
  console.log(`wrote ${out.chrome}`);

  rmSync(out.firefox, { force: true });
  // --no-config-discovery: a web-ext config in the home folder must not change the package.
  run(WEB_EXT, ['build', '--source-dir', 'dist/firefox', '--artifacts-dir', out.dir, '--filename', `frameline-firefox-${version}.xpi`, '--overwrite-dest', '--no-config-discovery']);

  rmSync(out.source, { force: true });
  writeZip(out.source, ROOT, trackedFiles());
  console.log(`wrote ${out.source}`);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: opts } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  try {
    packageAll({ build: !opts['no-build'] });
    console.log('\nCheck that the source archive rebuilds these packages: npm run package:check');
  } catch (err) {
    console.error(`\n[npm run package] ${err.message}`);
    process.exit(1);
  }
}
