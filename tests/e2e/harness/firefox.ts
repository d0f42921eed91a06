/**
 * Launches Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (no geckodriver) with
 * the unpacked extension installed as a temporary add-on, and opens the Frameline panel in a
 * normal tab (`moz-extension://UUID/panel.html?tabId=N`, which inspects tab N as DevTools does).
 *
 * Quirks: extension pages in tabs need `--remote-allow-system-access`, and
 * `page.goto` to a moz-extension:// URL never resolves, so navigation there is started without
 * awaiting and completion is detected by polling `location.href`.
 */
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_PATH } from '../../../scripts/ensure-browsers.mjs';
import { removeBidiWorkerListener } from './firefox-worker-listener';

/** The Firefox build's add-on id (scripts/manifest-for.ts); fixed, never to change. */
export const FIREFOX_ADDON_ID = 'frameline@frameline.dev';
/** Pinned through the `extensions.webextensions.uuids` pref so extension URLs are known up front. */
export const FIREFOX_EXTENSION_UUID = '6f1d3c2a-5b4e-4c8d-9a7f-0e1b2c3d4e5f';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

export interface LaunchFirefoxOptions {
  /** Unpacked extension folder, e.g. dist/firefox, or a packed .xpi (installed the same way). */
  extensionDir: string;
  /** Default true. */
  headless?: boolean;
  args?: string[];
  prefs?: Record<string, unknown>;
  /** The browser's UI language, e.g. 'zh-CN'; its language pack must be installed (`ensureBrowserLocale`). */
  locale?: string;
}

export interface FirefoxSession {
  browser: Browser;
  extensionOrigin: string;
  newPage(): Promise<Page>;
  /** The extension tab id of a page, found with browser.tabs.query from an extension page. */
  tabIdOf(page: Page): Promise<number>;
  /** Opens panel.html?tabId=N for the given page in a new tab and returns that tab. */
  openPanel(page: Page): Promise<Page>;
  /** Opens any extension page (e.g. 'viewer.html') in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /**
   * `browser.runtime.reload()`: the extension's pages close, the worlds of its content scripts in
   * open tabs are destroyed, and Firefox injects the new ones into those tabs. Resolves once an
   * extension page of the new instance runs.
   */
  reloadExtension(): Promise<void>;
  close(): Promise<void>;
}

export async function launchFirefox(opts: LaunchFirefoxOptions): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    protocol: 'webDriverBiDi',
    headless: opts.headless ?? true,
    // Puppeteer's default is 800x600; tests run the panel as a 1280 px wide tab, where every
    // toolbar control is shown directly (docs/CONTRACTS.md item 4), as Playwright's 1280x720 does.
    defaultViewport: { width: 1280, height: 800 },
    args: ['--remote-allow-system-access', ...(opts.args ?? [])],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_EXTENSION_UUID }),
      ...(opts.locale ? { 'intl.locale.requested': opts.locale, 'intl.accept_languages': opts.locale } : {}),
      ...opts.prefs,
    },
  });
  try {
    // Else a worker's `new Worker` hangs now and then under BiDi (firefox-worker-listener.ts).
    await removeBidiWorkerListener(browser);
    await browser.installExtension(resolve(opts.extensionDir));
  } catch (err) {
    await browser.close();
    throw err;
  }

  async function openExtensionPage(path: string): Promise<Page> {
    const page = await browser.newPage();
    await navigateExtensionPage(page, `${FIREFOX_EXTENSION_ORIGIN}/${path.replace(/^\//, '')}`);
    return page;
  }

  /** browser.tabs.query from `helper` (an extension page), matched against the page's URL. */
  async function findTabId(helper: Page, page: Page): Promise<number> {
    // location.href, not page.url(): the latter misses navigations to moz-extension:// pages.
    const url = await page.evaluate(() => location.href);
    const deadline = Date.now() + 10_000;
    let count = 0;
    while (Date.now() < deadline) {
      const ids: number[] = await helper.evaluate(
        async (u: string) => ((await (globalThis as any).browser.tabs.query({})) as Array<{ id: number; url?: string }>).filter((t) => t.url === u).map((t) => t.id),
        url,
      );
      count = ids.length;
      if (count === 1) return ids[0];
      if (count > 1) return findTabIdByTitle(helper, page);
      await sleep(50);
    }
    throw new Error(`firefox: no tab with url ${url} (tab URLs need the <all_urls> host permission)`);
  }

  return {
    browser,
    extensionOrigin: FIREFOX_EXTENSION_ORIGIN,
    newPage: () => browser.newPage(),
    async tabIdOf(page) {
      const helper = await openExtensionPage('panel.html');
      try {
        return await findTabId(helper, page);
      } finally {
        await helper.close();
      }
    },
    async openPanel(page) {
      // Open the panel page first, use it to find the tab id, then point it at that tab.
      const panel = await openExtensionPage('panel.html');
      try {
        const tabId = await findTabId(panel, page);
        await navigateExtensionPage(panel, `${FIREFOX_EXTENSION_ORIGIN}/panel.html?tabId=${tabId}`);
        return panel;
      } catch (err) {
        await panel.close();
        throw err;
      }
    },
    openExtensionPage,
    async reloadExtension() {
      const helper = await openExtensionPage('viewer.html');
      // Later, so the evaluation returns before the page it runs in closes.
      await helper.evaluate(() => void setTimeout(() => (globalThis as any).browser.runtime.reload(), 50));
      const deadline = Date.now() + 15_000;
      // The old instance's page goes with it: its frame is gone at once (the tab closes later).
      while (await helper.evaluate(() => true).catch(() => false)) {
        if (Date.now() > deadline) throw new Error('firefox: runtime.reload() did not unload the extension');
        await sleep(50);
      }
      void helper.close().catch(() => undefined);
      for (;;) {
        const page = await openExtensionPage('viewer.html').catch(() => undefined);
        const alive = await page?.evaluate(() => typeof (globalThis as any).browser?.runtime?.id === 'string').catch(() => false);
        await page?.close().catch(() => undefined);
        if (alive) return;
        if (Date.now() > deadline) throw new Error('firefox: the extension did not come back after runtime.reload()');
        await sleep(100);
      }
    },
    close: () => browser.close(),
  };
}

/**
 * Navigates to a moz-extension:// URL. page.goto never resolves there, so start it, ignore its
 * promise, and poll until the document at that address has loaded.
 */
export async function navigateExtensionPage(page: Page, url: string, timeoutMs = 15_000): Promise<void> {
  page.goto(url).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await page
      .evaluate((u: string) => location.href === u && document.readyState === 'complete', url)
      .catch(() => false); // the context is replaced mid-navigation
    if (ready) return;
    await sleep(50);
  }
  throw new Error(`firefox: timed out opening ${url}`);
}

/** Several tabs share the URL: give this page a unique title for a moment and find it by that. */
async function findTabIdByTitle(helper: Page, page: Page): Promise<number> {
  const token = `frameline-tab-${Math.random().toString(36).slice(2)}`;
  const old = await page.evaluate((t: string) => {
    const before = document.title;
    document.title = t;
    return before;
  }, token);
  try {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const id: number | undefined = await helper.evaluate(
        async (t: string) => ((await (globalThis as any).browser.tabs.query({ title: t })) as Array<{ id: number }>)[0]?.id,
        token,
      );
      if (id !== undefined) return id;
      await sleep(50);
    }
    throw new Error('firefox: could not identify the tab by title');
  } finally {
    await page.evaluate((t: string) => void (document.title = t), old);
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
