/**
 * Launches Debian's Chromium with the unpacked extension through playwright-core, and opens the
 * Frameline panel in a normal tab (`panel.html?tabId=N`, which inspects tab N as DevTools does).
 *
 * Facts this relies on (tried on the test machines): MV3 extensions load in new
 * headless mode; the service worker is there right after launch; the extension id is the host
 * of the worker's URL.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Frame, type Page as PuppeteerPage } from 'puppeteer-core';
import { CHROMIUM_PATH } from '../../../scripts/ensure-browsers.mjs';

export interface LaunchChromiumOptions {
  /** Unpacked extension folder, e.g. dist/chrome. */
  extensionDir: string;
  /** Also open DevTools for every tab and expose a CDP port, for `openDevToolsPanel`. */
  devtools?: boolean;
  /** Default true. */
  headless?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
  /**
   * The browser's UI language, e.g. 'zh-CN' (what `i18n.getUILanguage()` and the extension's
   * messages follow). On Linux Chromium takes it from `LANGUAGE` as well as `--lang`, and only
   * when its language pack is installed (`ensureBrowserLocale`).
   */
  locale?: string;
}

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  /** The worker at launch; use `getServiceWorker()` if a test may outlive it. */
  serviceWorker: Worker;
  userDataDir: string;
  /** chrome-extension://ID */
  extensionOrigin: string;
  getServiceWorker(): Promise<Worker>;
  newPage(): Promise<Page>;
  /** The extension tab id of a page (or of the only tab whose URL equals the given string). */
  tabIdOf(target: Page | string): Promise<number>;
  /** Opens panel.html?tabId=N for the given page in a new tab and returns that tab. */
  openPanel(target: Page | string): Promise<Page>;
  /** Opens any extension page (e.g. 'viewer.html') in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /**
   * Stops the extension's service worker, as Chromium does to an idle one (its ports disconnect).
   * It starts again on the next event that needs it (a panel reconnecting, a content script).
   */
  stopServiceWorker(): Promise<void>;
  /**
   * `chrome.runtime.reload()`: the extension's pages close, its content scripts in open tabs are
   * orphaned (Chromium injects none into them), and a new worker starts. Resolves once it listens.
   */
  reloadExtension(): Promise<void>;
  close(): Promise<void>;
}

/** Flags tried on the test machines; the networking ones stop Chromium flooding the closed network. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

export async function launchChromium(opts: LaunchChromiumOptions): Promise<ChromiumSession> {
  const extensionDir = resolve(opts.extensionDir);
  // A fresh profile per launch: no state leaks between tests, and DevToolsActivePort is ours.
  const userDataDir = await mkdtemp(join(tmpdir(), 'frameline-chromium-'));
  const args = [...chromiumArgs(extensionDir), ...(opts.args ?? [])];
  if (opts.devtools) args.push('--auto-open-devtools-for-tabs', '--remote-debugging-port=0');
  if (opts.locale) args.push(`--lang=${opts.locale}`);

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: opts.headless ?? true,
      args,
      ...(opts.locale ? { locale: opts.locale, env: { ...process.env, LANGUAGE: opts.locale.replace('-', '_') } as Record<string, string> } : {}),
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    throw err;
  }

  const isOurs = (w: Worker) => w.url().startsWith('chrome-extension://');
  const getServiceWorker = async () =>
    context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
  const serviceWorker = await getServiceWorker();
  await waitForWebRequestListeners(context, serviceWorker);
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}`;

  async function queryTabs(): Promise<Array<{ id: number; url?: string; title?: string }>> {
    const sw = await getServiceWorker();
    // `chrome` exists in the worker; the harness is typed without @types/chrome.
    return sw.evaluate(() => (globalThis as any).chrome.tabs.query({}));
  }

  async function tabIdOf(target: Page | string): Promise<number> {
    const url = typeof target === 'string' ? target : target.url();
    // The tabs API learns of a navigation a little after Playwright does: poll briefly.
    const deadline = Date.now() + 10_000;
    let hits: Array<{ id: number }> = [];
    while (Date.now() < deadline) {
      hits = (await queryTabs()).filter((t) => t.url === url);
      if (hits.length === 1) return hits[0].id;
      if (hits.length > 1) break;
      await sleep(50);
    }
    if (hits.length > 1 && typeof target !== 'string') return tabIdByTitle(target, queryTabs);
    throw new Error(`chromium: ${hits.length ? 'several tabs' : 'no tab'} with url ${url} (the extension sees only URLs its host permissions cover, e.g. http: pages, not about:blank)`);
  }

  async function openExtensionPage(path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${extensionOrigin}/${path.replace(/^\//, '')}`);
    return page;
  }

  return {
    context,
    extensionId,
    serviceWorker,
    userDataDir,
    extensionOrigin,
    getServiceWorker,
    newPage: () => context.newPage(),
    tabIdOf,
    async openPanel(target) {
      return openExtensionPage(`panel.html?tabId=${await tabIdOf(target)}`);
    },
    openExtensionPage,
    async stopServiceWorker() {
      // The ServiceWorker domain is reached through a page's session; it lists the extension's
      // worker too. (Playwright's Worker object may outlive the stop: the worker restarts at once
      // when a panel reconnects, so the stop is seen in CDP's running status.)
      const page = await context.newPage();
      try {
        const cdp = await context.newCDPSession(page);
        const seen: { running?: string; stopped: boolean } = { stopped: false };
        const running = new Promise<string>((resolve) => {
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            for (const v of versions) {
              if (!v.scriptURL.startsWith(extensionOrigin)) continue;
              if (seen.running === undefined && v.runningStatus === 'running') resolve((seen.running = v.versionId));
              else if (v.versionId === seen.running && v.runningStatus === 'stopped') seen.stopped = true;
            }
          });
        });
        await cdp.send('ServiceWorker.enable');
        const versionId = await withTimeout(running, 10_000, 'the extension\'s running service worker (CDP ServiceWorker domain)');
        await cdp.send('ServiceWorker.stopWorker', { versionId });
        await poll(Date.now() + 10_000, async () => (seen.stopped ? true : undefined), 'the service worker to stop');
        await cdp.detach();
      } finally {
        await page.close();
      }
    },
    async reloadExtension() {
      // A developer reloads with developer mode on: off (a fresh profile), Chromium disables the
      // reloaded unpacked extension ("unsupported developer extension") instead of starting it.
      const settings = await context.newPage();
      try {
        await settings.goto('chrome://extensions');
        await settings.evaluate(() => new Promise<void>((resolve) => (globalThis as any).chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, () => resolve())));
      } finally {
        await settings.close();
      }
      const old = await getServiceWorker();
      const closed = new Promise<void>((resolve) => old.once('close', () => resolve()));
      // The worker dies while it answers: its evaluation may never settle.
      void old.evaluate(() => (globalThis as any).chrome.runtime.reload()).catch(() => undefined);
      await withTimeout(closed, 15_000, 'the old service worker to go');
      // The new instance's worker starts on its first event: connecting to it from one of its pages.
      const next = context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 });
      const waker = await poll(Date.now() + 15_000, () => openExtensionPage('viewer.html').catch(() => undefined), 'an extension page of the reloaded extension');
      await waker.evaluate(() => void (globalThis as any).chrome.runtime.connect({ name: 'frameline-harness-wake-up' }));
      const worker = context.serviceWorkers().find(isOurs) ?? (await next);
      await waker.close();
      await waitForWebRequestListeners(context, worker);
    },
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * A freshly started worker has run its top-level `webRequest.*.addListener` calls, but Chromium
 * applies them to the network stack a moment later: WebSocket handshakes in the first tens of
 * milliseconds after launch reach no listener (measured: 3 of 8 fresh launches lost some or all
 * handshake phases of a page opened right away). Real users meet this only in the first instant
 * after install or browser start; tests open their page immediately, so wait until a listener
 * registered after the extension's own (the same ordered channel) sees a WebSocket request.
 */
async function waitForWebRequestListeners(context: BrowserContext, worker: Worker): Promise<void> {
  const probeUrl = 'ws://127.0.0.1:1/frameline-harness-warm-up';
  await worker.evaluate((url) => {
    const g = globalThis as any;
    g.__framelineWarmUp = { seen: false, listener: () => void (g.__framelineWarmUp.seen = true) };
    g.chrome.webRequest.onBeforeRequest.addListener(g.__framelineWarmUp.listener, { urls: [url], types: ['websocket'] });
  }, probeUrl);
  const page = await context.newPage();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      // Port 1 refuses the connection; the request still passes through webRequest first.
      await page.evaluate((url) => void new WebSocket(url), probeUrl);
      await sleep(50);
      if (await worker.evaluate(() => (globalThis as any).__framelineWarmUp.seen)) break;
      if (Date.now() > deadline) throw new Error('chromium: the extension\'s webRequest listeners never saw a WebSocket request');
    }
  } finally {
    await worker.evaluate(() => {
      const g = globalThis as any;
      g.chrome.webRequest.onBeforeRequest.removeListener(g.__framelineWarmUp.listener);
      delete g.__framelineWarmUp;
    });
    await page.close();
  }
}

/** Several tabs share the URL: give this page a unique title for a moment and find it by that. */
async function tabIdByTitle(page: Page, queryTabs: () => Promise<Array<{ id: number; title?: string }>>): Promise<number> {
  const token = `frameline-tab-${Math.random().toString(36).slice(2)}`;
  const old = await page.evaluate((t) => {
    const before = document.title;
    document.title = t;
    return before;
  }, token);
  try {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const hit = (await queryTabs()).find((t) => t.title === token);
      if (hit) return hit.id;
      await sleep(50);
    }
    throw new Error('chromium: could not identify the tab by title');
  } finally {
    await page.evaluate((t) => void (document.title = t), old);
  }
}

export interface DevToolsPanel {
  /** puppeteer connection to the same browser (over DevToolsActivePort); disconnect when done. */
  browser: PuppeteerBrowser;
  /** The DevTools window itself, as a page. */
  devtoolsPage: PuppeteerPage;
  /** The extension panel's frame: chrome-extension://ID/panel.html inside DevTools. */
  panelFrame: Frame;
  disconnect(): Promise<void>;
}

/**
 * Opens the real Frameline panel inside Chrome DevTools (session launched with `devtools: true`).
 * Uses DevTools internals (`InspectorView.showPanel`), so keep it to one smoke test; all other
 * panel tests use `openPanel` (panel in a normal tab).
 *
 * @param inspected the page whose DevTools to use; default: the first DevTools window found.
 */
export async function openDevToolsPanel(
  session: ChromiumSession,
  inspected?: Page,
  opts: { panelTitle?: string; timeoutMs?: number } = {},
): Promise<DevToolsPanel> {
  const panelTitle = opts.panelTitle ?? 'WebSockets';
  const timeoutMs = opts.timeoutMs ?? 40_000;
  const deadline = Date.now() + timeoutMs;
  const { extensionId } = session;
  const wantTabId = inspected ? await session.tabIdOf(inspected) : undefined;

  // Chromium writes "PORT\n/devtools/browser/ID" there once the port is open.
  const port = await poll(deadline, async () => {
    const text = await readFile(join(session.userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
    return text.split('\n')[0]?.trim() || undefined;
  }, 'DevToolsActivePort (was the session launched with devtools: true?)');
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, handleDevToolsAsPage: true, defaultViewport: null });

  try {
    const devtoolsHtml = `chrome-extension://${extensionId}/devtools.html`;
    const panelUrl = `chrome-extension://${extensionId}/panel.html`;
    // Find the DevTools window whose extension devtools page inspects the wanted tab.
    const findDevtoolsPage = () =>
      poll(deadline, async () => {
        for (const target of browser.targets()) {
          if (!target.url().startsWith('devtools://')) continue;
          const page = await target.page().catch(() => null);
          const frame = page?.frames().find((f) => f.url().startsWith(devtoolsHtml));
          if (!page || !frame) continue;
          if (wantTabId === undefined) return page;
          const tabId = await frame.evaluate(() => (globalThis as any).chrome.devtools.inspectedWindow.tabId).catch(() => undefined);
          if (tabId === wantTabId) return page;
        }
        return undefined;
      }, `a DevTools window with ${devtoolsHtml}`);

    // A panel's frame loads only once its tab is selected. showPanel does nothing while the
    // extension's panels.create is still on its way, so select again until the frame appears.
    // A string, not a function: vitest rewrites `import()` inside functions it transforms, and
    // the module path is one of the DevTools front end, resolved inside devtools://.
    const panelId = `chrome-extension://${extensionId}${panelTitle.replace(/\s+/g, '')}`;
    const select = `import('./ui/legacy/legacy.js').then((m) => m.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)}))`;
    // Seen once in a full run: the panel never appeared in the DevTools window first found. Look
    // for the window again every few seconds (it may have been replaced while it loaded).
    let devtoolsPage = await findDevtoolsPage();
    let foundAt = Date.now();
    let lastSelect = 0;
    const panelFrame = await poll(deadline, async () => {
      const frame = devtoolsPage.frames().find((f) => f.url().startsWith(panelUrl));
      if (frame) return frame;
      if (Date.now() - foundAt > 8000) {
        devtoolsPage = await findDevtoolsPage();
        foundAt = Date.now();
      }
      if (Date.now() - lastSelect > 1000) {
        lastSelect = Date.now();
        await devtoolsPage.evaluate(select).catch(() => undefined);
      }
      return undefined;
    }, `${panelUrl} (panel "${panelTitle}")`);
    await panelFrame.waitForFunction(() => document.readyState === 'complete', { timeout: Math.max(1000, deadline - Date.now()) });
    return { browser, devtoolsPage, panelFrame, disconnect: () => browser.disconnect() };
  } catch (err) {
    await browser.disconnect();
    throw err;
  }
}

async function poll<T>(deadline: number, check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`chromium: timed out waiting for ${what}`);
    await sleep(100);
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`chromium: timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
