#!/usr/bin/env node
// `npm start`: build the extension, start the demo server, and open a browser with the extension
// loaded on the demo page, DevTools open (the README's one command to run the product). Runs until the browser window
// is closed or Ctrl-C, then stops the server.
//
//   npm start                                  Chromium (default)
//   npm start -- --browser firefox             Firefox ESR via web-ext
//   npm start -- --port 8080                   fixed demo port instead of a free one
//   npm start -- --headless                    no window (works without a display): launches,
//                                              checks the extension loaded, prints the URL, and
//                                              keeps running until killed; for smoke tests
//   npm start -- --no-build                    reuse the existing dist/
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBrowsers } from './ensure-browsers.mjs';
import { startDemoServer } from '../tests/fixtures/demo-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { values: opts } = parseArgs({
  options: {
    browser: { type: 'string', default: 'chromium' },
    port: { type: 'string', default: '0' },
    headless: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
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

if (!opts['no-build']) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) fail('npm run build failed');
}

const demo = await startDemoServer({ port: Number(opts.port) });
console.log(`\nFrameline demo page: ${demo.url}`);

let session;
try {
  if (browser === 'chromium') {
    const { startChromium } = await import('./start-chromium.mjs');
    session = await startChromium({ extensionDir: `${ROOT}dist/chrome`, url: demo.url, headless: opts.headless });
    console.log(`Chromium is running with Frameline loaded (extension ${session.extensionId}, service worker up).`);
    console.log(session.panelSelected ? 'DevTools is open on the WebSockets panel.' : 'In DevTools, choose the "WebSockets" panel (it may be under the » menu).');
  } else {
    const { startFirefox } = await import('./start-firefox.mjs');
    session = await startFirefox({ extensionDir: `${ROOT}dist/firefox`, url: demo.url, headless: opts.headless });
    console.log('Firefox is running with Frameline installed as a temporary add-on.');
    console.log('In the DevTools toolbox, choose the "WebSockets" panel (it may be under the » menu).');
  }
} catch (err) {
  await demo.close();
  fail(`could not start ${browser}: ${err.message}`);
}
console.log(opts.headless ? 'Headless: running until killed (Ctrl-C).' : 'Close the browser window or press Ctrl-C to stop.');

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
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
