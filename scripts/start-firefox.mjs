// `npm start -- --browser firefox`: Firefox ESR with the built extension installed as a
// temporary add-on, on the demo page, with the page's DevTools toolbox open. Used by
// scripts/start.mjs.
//
// `web-ext run` is the standard way to try an unsigned add-on: it makes a throwaway profile,
// installs dist/firefox, and reloads the add-on when its sources change. Here it watches only
// `reloadOn` (`--watch-file`), the stamp scripts/dev.mjs rewrites once a build has finished, so
// it never reloads a half-written dist/firefox. Note web-ext's own `--devtools` opens the
// add-on's debugger, not the page's toolbox, so Firefox's `--devtools` flag is passed through
// `--arg` instead.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIREFOX_PATH } from './ensure-browsers.mjs';

const WEB_EXT = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));

/**
 * Resolves once web-ext reports the add-on installed (rejects if it exits first).
 * @param {{ extensionDir: string, url: string, headless?: boolean, reloadOn?: string }} opts
 * @returns {Promise<{ closed: Promise<number|null>, stop(): Promise<void> }>}
 */
export function startFirefox({ extensionDir, url, headless = false, reloadOn }) {
  const args = ['run', '--target', 'firefox-desktop', '--firefox', FIREFOX_PATH, '--source-dir', extensionDir, '--start-url', url, '--no-input', '--no-config-discovery', '--arg=--devtools'];
  args.push(...(reloadOn ? ['--watch-file', reloadOn] : ['--no-reload']));
  // web-ext has no headless switch; Firefox reads MOZ_HEADLESS itself.
  const env = headless ? { ...process.env, MOZ_HEADLESS: '1' } : process.env;
  const child = spawn(WEB_EXT, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = new Promise((done) => child.once('exit', (code) => done(code)));

  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    let started = false;
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      output += chunk;
      if (!started && /Installed .* as a temporary add-on/.test(output)) {
        started = true;
        resolveStart({
          closed,
          async stop() {
            if (child.exitCode === null) child.kill('SIGINT'); // web-ext closes Firefox on SIGINT
            await closed;
          },
        });
      }
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.once('error', rejectStart);
    void closed.then((code) => {
      if (!started) rejectStart(new Error(`web-ext exited (${code}) before the add-on was installed`));
    });
  });
}
