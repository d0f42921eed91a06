/**
 * The store packages as users install them, through the spine flow (support/spine-flow.ts):
 * Chromium gets artifacts/frameline-chrome-<version>.zip unpacked into a temporary folder (a
 * Chrome Web Store install is that zip, unpacked by the browser; from the command line Chromium
 * loads only folders); Firefox gets artifacts/frameline-firefox-<version>.xpi itself.
 *
 * `npm run package` makes the artifacts (scripts/test.mjs runs it before the e2e suites).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactPaths, packageVersion } from '../../scripts/package.mjs';
import { extractZip, isFile, readZip } from '../../scripts/zip.mjs';
import { browserUnderTestName, launchBrowserUnderTest } from './harness/browsers';
import { describeSpine } from './support/spine-flow';

const name = browserUnderTestName();
const artifacts = artifactPaths();
const packaged = name === 'chromium' ? artifacts.chrome : artifacts.firefox;
if (!isFile(packaged)) throw new Error(`${packaged} is missing: run npm run package first`);

const unpackedDirs: string[] = [];
afterAll(() => {
  for (const dir of unpackedDirs) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** What the browser installs: the .xpi itself, or the .zip unpacked. */
function installable(): string {
  if (name === 'firefox') return packaged;
  const dir = mkdtempSync(join(tmpdir(), 'frameline-chrome-package-'));
  unpackedDirs.push(dir);
  extractZip(packaged, dir);
  return dir;
}

describe(`store package (${name})`, () => {
  it('has the manifest at its root, with this version and the store icons', () => {
    const manifest = JSON.parse(readZip(packaged).get('manifest.json')!.toString('utf8'));
    expect(manifest.version).toBe(packageVersion());
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
    if (name === 'chromium') expect(manifest.minimum_chrome_version).toBe('111');
    else expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe('142.0');
  });
});

describeSpine(`spine from the store package (${name})`, () => launchBrowserUnderTest(name, installable()));
