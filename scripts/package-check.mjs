#!/usr/bin/env node
// `npm run package:check`: proves the source archive rebuilds the store packages, as AMO's
// reviewers will try it. In a fresh temporary folder it unpacks
// artifacts/frameline-source-<version>.zip, runs the documented commands (`npm ci`, then
// `npm run build`), and compares every file of the rebuilt dist/chrome and dist/firefox with
// the files inside frameline-chrome-<version>.zip and frameline-firefox-<version>.xpi, byte for
// byte, both ways (nothing missing, nothing extra). Run `npm run package` first.
//
//   npm run package:check [-- --keep]      --keep leaves the temporary folder for a look
//
// `npm ci --prefer-offline` takes packages from npm's cache when it has them (the project's own
// `npm ci` has just filled it), so the check needs no network on a machine that installed once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { artifactPaths } from './package.mjs';
import { extractZip, isFile, listFiles, readZip } from './zip.mjs';

/**
 * Differences between a package and a rebuilt folder, as readable lines (empty: identical).
 * @param {Map<string, Buffer>} packaged
 * @param {string} rebuiltDir
 */
export function compareWithFolder(packaged, rebuiltDir) {
  const rebuilt = listFiles(rebuiltDir);
  const problems = [];
  for (const name of rebuilt) {
    const inPackage = packaged.get(name);
    if (!inPackage) problems.push(`${name}: rebuilt, but not in the package`);
    else if (!inPackage.equals(readFileSync(join(rebuiltDir, name)))) problems.push(`${name}: differs from the rebuilt file`);
  }
  for (const name of packaged.keys()) if (!rebuilt.includes(name)) problems.push(`${name}: in the package, but the rebuild has no such file`);
  return problems;
}

export function checkPackages({ keep = false, log = console.log } = {}) {
  const out = artifactPaths();
  for (const path of [out.chrome, out.firefox, out.source]) if (!isFile(path)) throw new Error(`${path} is missing: run npm run package first`);

  const work = mkdtempSync(join(tmpdir(), 'frameline-package-check-'));
  try {
    const src = join(work, 'source');
    const files = extractZip(out.source, src);
    const stray = files.filter((f) => /^(node_modules|dist|artifacts)\//.test(f));
    if (stray.length) throw new Error(`the source archive holds build output or dependencies: ${stray.slice(0, 5).join(', ')}`);
    log(`unpacked ${files.length} source files into ${src}`);

    const step = (args) => {
      log(`\n$ ${args.join(' ')}`);
      const result = spawnSync(args[0], args.slice(1), { cwd: src, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status ?? result.error?.message} in ${src}`);
    };
    step(['npm', 'ci', '--prefer-offline', '--no-audit', '--no-fund']);
    step(['npm', 'run', 'build']);

    const problems = [];
    for (const [label, pkg, dir] of [
      ['chrome', out.chrome, 'dist/chrome'],
      ['firefox', out.firefox, 'dist/firefox'],
    ]) {
      const packaged = readZip(pkg);
      const diff = compareWithFolder(packaged, join(src, dir));
      if (diff.length) problems.push(...diff.map((d) => `${label}: ${d}`));
      else log(`${pkg}: all ${packaged.size} files are identical to the rebuild's ${dir}`);
    }
    if (problems.length) throw new Error(`the source archive does not rebuild the packages:\n  ${problems.join('\n  ')}`);
  } finally {
    if (keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values: opts } = parseArgs({ options: { keep: { type: 'boolean', default: false } } });
  try {
    checkPackages({ keep: opts.keep });
    console.log('\npackage check passed: the source archive rebuilds both store packages byte for byte');
  } catch (err) {
    console.error(`\n[npm run package:check] ${err.message}`);
    process.exit(1);
  }
}
