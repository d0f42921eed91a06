#!/usr/bin/env node
// `npm start`: build the extension, start the demo server, and open a browser with the extension
// loaded on the demo page, DevTools open. While it runs, the `npm run dev` loop
// (scripts/dev.mjs) rebuilds both browsers on every source change and the browser reloads the
// extension after each build. Runs until the browser window is closed or Ctrl-C, then stops the
// server.
//
//   npm start                                  Chromium (default)
//   npm start -- --browser firefox             Firefox ESR via web-ext
//   npm start -- --port 8080                   fixed demo port instead of a free one
//   npm start -- --headless                    no window (works without a display): launches,
//                                              checks the extension loaded, prints the URL, and
//                                              keeps running until killed; for smoke tests
//   npm start -- --no-watch                    build once, do not rebuild (a separate
//                                              `npm run dev` still triggers reloads)
//   npm start -- --no-build                    reuse the existing dist/ (implies --no-watch)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBrowsers } from './ensure-browsers.mjs';
import { BUILD_STAMP, startDevLoop } from './dev.mjs';
import { startDemoServer } from '../tests/fixtures/demo-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: opts } = parseArgs({
  options: {
    browser: { type: 'string', default: 'chromium' },
    port: { type: 'string', default: '0' },
    headless: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-watch': { type: 'boolean', default: false },
  },
});
const watching = !opts['no-build'] && !opts['no-watch'];
const browser = { chrome: 'chromium', chromium: 'chromium', firefox: 'firefox' }[opts.browser];
if (!browser) fail(`--browser must be chromium or firefox, not "${opts.browser}"`);

// A headed browser needs a display. Say so up front rather than letting the browser crash.
if (!opts.headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    [
      'npm start opens a browser window, and this session has no display (DISPLAY is not set).',
      'Options:',
      '  - run it on a desktop session, or with X forwarding (ssh -X);',
      '  - run it under a virtual display: apt-get install -y xvfb, then',
      `      xvfb-run -a -s "-screen 0 1600x1000x24" npm start${process.argv.slice(2).length ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
      '  - or smoke-test without a window: npm start -- --headless',
    ].join('\n'),
  );
}

try {
  await ensureBrowsers({ need: [browser] });
} catch (err) {
  fail(err.message);
}

let devLoop;
if (watching) {
  devLoop = startDevLoop();
  if (!(await devLoop.firstBuild)) {
    devLoop.close();
    fail('npm run build failed');
  }
} else if (!opts['no-build']) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) fail('npm run build failed');
}
// The browsers reload on this file; it must exist for web-ext to watch it.
if (!existsSync(BUILD_STAMP)) {
  mkdirSync(dirname(BUILD_STAMP), { recursive: true });
  writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

const demo = await startDemoServer({ port: Number(opts.port) });
console.log(`\nFrameline demo page: ${demo.url}`);

let session;
try {
  if (browser === 'chromium') {
    const { startChromium } = await import('./start-chromium.mjs');
    session = await startChromium({ extensionDir: `${ROOT}dist/chrome`, url: demo.url, headless: opts.headless, reloadOn: BUILD_STAMP });
    console.log(`Chromium is running with Frameline loaded (extension ${session.extensionId}, service worker up).`);
    console.log(session.panelSelected ? 'DevTools is open on the WebSockets panel.' : 'In DevTools, choose the "WebSockets" panel (it may be under the » menu).');
  } else {
    const { startFirefox } = await import('./start-firefox.mjs');
    session = await startFirefox({ extensionDir: `${ROOT}dist/firefox`, url: demo.url, headless: opts.headless, reloadOn: BUILD_STAMP });
    console.log('Firefox is running with Frameline installed as a temporary add-on.');
    console.log('In the DevTools toolbox, choose the "WebSockets" panel (it may be under the » menu).');
  }
} catch (err) {
  devLoop?.close();
  await demo.close();
  fail(`could not start ${browser}: ${err.message}`);
}
console.log(
  watching
    ? `Watching the sources: a change rebuilds dist/ and reloads the extension${browser === 'chromium' ? ' and the demo page' : ' (reload the page to capture it from its start)'}.`
    : 'Not rebuilding (--no-watch/--no-build); run npm run dev in another terminal to rebuild and reload on changes.',
);
console.log(opts.headless ? 'Headless: running until killed (Ctrl-C).' : 'Close the browser window or press Ctrl-C to stop.');

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  devLoop?.close();
  await session.stop().catch(() => undefined);
  await demo.close();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
void session.closed.then(() => void shutdown(0));

function fail(message) {
  console.error(`\n[npm start] ${message}`);
  process.exit(1);
}
