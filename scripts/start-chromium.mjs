// `npm start` for Chromium: a Chromium window with the built extension loaded, DevTools open
// and the WebSockets panel selected, on the demo page. Used by scripts/start.mjs.
// When `reloadOn` (the build stamp of scripts/dev.mjs) changes, the extension is loaded again
// from dist/chrome with the DevTools protocol's Extensions.loadUnpacked (same folder, same id),
// then the open pages are reloaded so they get the new content scripts: nothing dev-only goes
// into the extension. (chrome.runtime.reload() from the worker is no substitute: Chromium
// disables a command-line extension that reloads itself.)
//
// Playwright's launchPersistentContext is used (not a bare spawn) because it gives a handle on
// the extension's service worker (proof the extension loaded) and a 'close' event when the user
// closes the window. A fresh temporary profile is used each time so no stale state carries over.
import { unwatchFile, watchFile } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_PATH } from './ensure-browsers.mjs';

/**
 * @param {{ extensionDir: string, url: string, headless?: boolean, reloadOn?: string, log?: (line: string) => void }} opts
 * @returns {Promise<{ extensionId: string, panelSelected: boolean, closed: Promise<void>, reload(): Promise<void>, stop(): Promise<void> }>}
 */
export async function startChromium({ extensionDir, url, headless = false, reloadOn, log = (line) => console.log(line) }) {
  const dir = resolve(extensionDir);
  const userDataDir = await mkdtemp(join(tmpdir(), 'frameline-start-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    viewport: null, // let the page follow the window size
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--disable-background-networking', // no network here: avoid floods of refused requests
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--window-size=1500,950',
      '--test-type', // hides the "unsupported command-line flag: --no-sandbox" bar (Playwright adds --no-sandbox)
      '--auto-open-devtools-for-tabs',
      '--remote-debugging-port=0', // lets selectPanel reach the DevTools window
      '--enable-unsafe-extension-debugging', // lets reload() use Extensions.loadUnpacked (this throwaway profile only)
    ],
  });
  const closed = new Promise((done) => context.once('close', () => done()));
  const cleanup = () => rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  try {
    const isOurs = (w) => w.url().startsWith('chrome-extension://');
    const worker = context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const panelSelected = await selectPanel(userDataDir, extensionId).catch(() => false);

    let browserSession;
    async function reload() {
      // Playwright talks to Chromium over a pipe, which Extensions.loadUnpacked requires.
      browserSession ??= await context.browser().newBrowserCDPSession();
      const restarted = context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 });
      await browserSession.send('Extensions.loadUnpacked', { path: dir });
      await restarted;
      // Open pages keep the old content scripts (and lost their bridge) until they load again.
      for (const p of context.pages()) if (/^https?:/.test(p.url())) await p.reload().catch(() => undefined);
      await selectPanel(userDataDir, extensionId).catch(() => false);
    }
    const reloads = reloadOn ? createReloadOnChange(reloadOn, reload, log) : undefined;

    void closed.then(() => {
      reloads?.close();
      return cleanup();
    });
    return {
      extensionId,
      panelSelected,
      closed,
      reload,
      async stop() {
        reloads?.close();
        await context.close().catch(() => undefined);
        await cleanup();
      },
    };
  } catch (err) {
    await context.close().catch(() => undefined);
    await cleanup();
    throw err;
  }
}

/**
 * Best effort: switch the open DevTools to the "WebSockets" panel, so the demo shows Frameline
 * straight away. This uses DevTools internals (InspectorView.showPanel), hence best effort:
 * if it fails the user just clicks the tab. Returns whether it worked.
 */
async function selectPanel(userDataDir, extensionId, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let port;
  while (!port && Date.now() < deadline) {
    port = (await readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => '')).split('\n')[0].trim();
    if (!port) await sleep(100);
  }
  if (!port) return false;
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, handleDevToolsAsPage: true, defaultViewport: null });
  try {
    const panelId = `chrome-extension://${extensionId}WebSockets`;
    while (Date.now() < deadline) {
      for (const target of browser.targets()) {
        if (!target.url().startsWith('devtools://')) continue;
        const page = await target.page().catch(() => null);
        // The panel exists once the extension's devtools.html has run in this DevTools window.
        if (!page?.frames().some((f) => f.url().startsWith(`chrome-extension://${extensionId}/devtools.html`))) continue;
        // Selected once the panel's own frame has loaded; until panels.create has reached
        // DevTools, showPanel does nothing, so this loop asks again.
        if (page.frames().some((f) => f.url().startsWith(`chrome-extension://${extensionId}/panel.html`))) return true;
        await page.evaluate(`import('./ui/legacy/legacy.js').then((m) => m.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)}))`).catch(() => undefined);
      }
      await sleep(500);
    }
    return false;
  } finally {
    await browser.disconnect();
  }
}

/**
 * Calls `reload` whenever `file` is rewritten (polled: the build replaces it, and a missing file
 * is fine). Reloads never overlap; builds that land during one are covered by one more.
 */
function createReloadOnChange(file, reload, log) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) return void (again = true);
    running = true;
    try {
      await reload();
      log('[npm start] Chromium: extension and pages reloaded');
    } catch (err) {
      log(`[npm start] Chromium: reload failed: ${err.message}`);
    }
    running = false;
    if (again) {
      again = false;
      void run();
    }
  };
  const onChange = (now, before) => {
    if (now.mtimeMs > 0 && now.mtimeMs !== before.mtimeMs) void run();
  };
  watchFile(file, { interval: 250 }, onChange);
  return { close: () => unwatchFile(file, onChange) };
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
