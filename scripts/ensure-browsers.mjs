#!/usr/bin/env node
// Makes sure the browsers the tests and `npm start` drive are installed.
//
// Why: only Debian's packaged browsers work on these machines (playwright/puppeteer cannot
// download their own builds here), and nothing installed by hand survives onto a fresh machine,
// so `npm test`, `npm start` and `.ci/run` call this before they launch anything.
//
//   import { ensureBrowsers } from './ensure-browsers.mjs'; await ensureBrowsers({ need: ['chromium'] });
//   node scripts/ensure-browsers.mjs [chromium] [firefox]     (CLI; default: both)
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/** Browser name -> executable and the Debian package that provides it. */
export const BROWSERS = {
  chromium: { path: CHROMIUM_PATH, pkg: 'chromium' },
  firefox: { path: FIREFOX_PATH, pkg: 'firefox-esr' },
};

/**
 * Installs missing browsers with apt when running as root; otherwise throws an Error whose
 * message says exactly what to install. Resolves to the list of browsers that were checked.
 * @param {{ need?: Array<'chromium'|'firefox'>, quiet?: boolean }} [opts]
 */
export async function ensureBrowsers({ need = ['chromium', 'firefox'], quiet = false } = {}) {
  for (const name of need) if (!BROWSERS[name]) throw new Error(`unknown browser "${name}" (want chromium or firefox)`);
  const missing = need.filter((name) => !existsSync(BROWSERS[name].path));
  if (missing.length === 0) return need;

  const pkgs = missing.map((name) => BROWSERS[name].pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing browser(s): ${missing.map((n) => BROWSERS[n].path).join(', ')}.\n` +
        `Install them (Debian/Ubuntu) with:\n  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`,
    );
  }
  if (!quiet) console.log(`[ensure-browsers] installing ${pkgs.join(' ')} with apt-get ...`);
  // Non-interactive so it never stops on a prompt (CI has no stdin).
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', ...pkgs], env); // the install command tried on the test machines
  const still = missing.filter((name) => !existsSync(BROWSERS[name].path));
  if (still.length) throw new Error(`apt-get finished but ${still.map((n) => BROWSERS[n].path).join(', ')} is still missing`);
  return need;
}

/**
 * UI languages the browsers can be started in (tests of the panel in another locale), each with
 * the file that shows it is installed and the Debian package that installs it. Debian's browsers
 * carry only English; without these, `--lang` and `intl.locale.requested` quietly fall back to it.
 */
export const BROWSER_LOCALES = {
  'zh-CN': {
    chromium: { path: '/usr/lib/chromium/locales/zh-CN.pak', pkg: 'chromium-l10n' },
    firefox: { path: '/usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi', pkg: 'firefox-esr-l10n-zh-cn' },
  },
};

/**
 * Makes sure `browser` can run in `locale` (installs its language pack with apt when root, as
 * `ensureBrowsers` does the browsers; otherwise throws with what to install).
 * @param {'chromium'|'firefox'} browser
 * @param {keyof typeof BROWSER_LOCALES} locale
 */
export async function ensureBrowserLocale(browser, locale, { quiet = false } = {}) {
  const need = BROWSER_LOCALES[locale]?.[browser];
  if (!need) throw new Error(`no language pack known for ${browser} in ${locale}`);
  if (existsSync(need.path)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) throw new Error(`${browser} cannot run in ${locale}: install ${need.pkg} (sudo apt-get install -y ${need.pkg})`);
  if (!quiet) console.log(`[ensure-browsers] installing ${need.pkg} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['install', '-y', need.pkg], env);
  if (!existsSync(need.path)) {
    run('apt-get', ['update'], env);
    run('apt-get', ['install', '-y', need.pkg], env);
  }
  if (!existsSync(need.path)) throw new Error(`apt-get finished but ${need.path} is still missing`);
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

// CLI entry: `node scripts/ensure-browsers.mjs [chromium] [firefox]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const need = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  try {
    const ok = await ensureBrowsers({ need: need.length ? need : undefined });
    console.log(`[ensure-browsers] ok: ${ok.map((n) => BROWSERS[n].path).join(', ')}`);
  } catch (err) {
    console.error(`[ensure-browsers] ${err.message}`);
    process.exit(1);
  }
}
