/**
 * Firefox ESR for measurements, through the e2e harness's launcher (puppeteer-core over WebDriver
 * BiDi, the extension as a temporary add-on). The plain browser is launched with the very same
 * options minus the add-on, so the two configurations differ only by Frameline.
 *
 * Every page opens in its own window, so that the page and the panel are both visible (a tab
 * behind another is hidden, and Firefox throttles its timers).
 *
 * Firefox has no counterpart of CDP's Performance metrics; CPU time comes from /proc (see proc.ts).
 * Privileged code (the parent process's chrome window, as about:memory runs) can be evaluated
 * through WebDriver BiDi's "moz:scope": "chrome", which `--remote-allow-system-access` (the
 * harness's launch flag) allows: memory reporters and forced GC (firefox-memory.ts).
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_PATH } from '../../scripts/ensure-browsers.mjs';
import { FIREFOX_ADDON_ID, FIREFOX_EXTENSION_ORIGIN, FIREFOX_EXTENSION_UUID, launchFirefox, navigateExtensionPage } from '../../tests/e2e/harness/firefox';
import { poll } from './cdp';

export interface PageLike {
  evaluate<T = any>(expression: string): Promise<T>;
  waitFor<T = any>(expression: string, timeoutMs?: number, what?: string): Promise<T>;
  close(): Promise<void>;
}

export interface FirefoxPage extends PageLike {
  raw: Page;
  bringToFront(): Promise<void>;
}

export interface FirefoxBrowser {
  pid: number;
  version: string;
  newPage(url: string): Promise<FirefoxPage>;
  /** panel.html?tabId=N for the page (extension browser only). */
  openPanel(page: FirefoxPage): Promise<FirefoxPage>;
  /** Any extension page (e.g. 'panel.html'), in a window of its own (extension browser only). */
  openExtensionPage(path: string): Promise<FirefoxPage>;
  /** Evaluates `expression` (promises awaited) in the browser's privileged chrome window; returns it through JSON. */
  chrome<T = any>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export async function launchFirefoxBench(options: { extensionDir?: string } = {}): Promise<FirefoxBrowser> {
  let browser: Browser;
  if (options.extensionDir) {
    browser = (await launchFirefox({ extensionDir: options.extensionDir })).browser;
  } else {
    // The same launch as the harness's launchFirefox, without installing anything.
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      protocol: 'webDriverBiDi',
      headless: true,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_EXTENSION_UUID }) },
    });
  }
  /** Like the harness's openPanel, but in a window of its own. */
  const openPanel = async (page: Page): Promise<Page> => {
    if (!options.extensionDir) throw new Error('no extension in this browser');
    const url = await page.evaluate(() => location.href);
    const panel = await browser.newPage({ type: 'window' });
    await navigateExtensionPage(panel, `${FIREFOX_EXTENSION_ORIGIN}/panel.html`);
    const tabId = await poll(
      10_000,
      () => panel.evaluate(`browser.tabs.query({}).then((tabs) => { const hits = tabs.filter((t) => t.url === ${JSON.stringify(url)}); return hits.length === 1 ? hits[0].id : undefined; })`) as Promise<number | undefined>,
      `the tab of ${url}`,
    );
    await navigateExtensionPage(panel, `${FIREFOX_EXTENSION_ORIGIN}/panel.html?tabId=${tabId}`);
    return panel;
  };
  const wrap = (page: Page): FirefoxPage => {
    const evaluate = <T>(expression: string) => page.evaluate(expression) as Promise<T>;
    return {
      raw: page,
      evaluate,
      waitFor: <T>(expression: string, timeoutMs = 15_000, what = expression) =>
        poll<T>(timeoutMs, async () => ((await evaluate<T>(expression).catch(() => undefined)) || undefined) as T | undefined, what),
      bringToFront: () => page.bringToFront(),
      close: () => page.close(),
    };
  };
  // The BiDi connection of puppeteer's Firefox browser: the commands puppeteer does not wrap.
  const bidi = (browser as unknown as { connection: { send(method: string, params: object): Promise<{ result: any }> } }).connection;
  let chromeContext: string | undefined;
  return {
    async chrome(expression) {
      chromeContext ??= (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result.contexts[0].context as string;
      const { result } = await bidi.send('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context: chromeContext },
        awaitPromise: true,
      });
      if (result.type === 'exception') throw new Error(`in chrome scope: ${result.exceptionDetails?.text ?? 'exception'}`);
      return JSON.parse(result.result.value);
    },
    pid: browser.process()!.pid!,
    version: await browser.version(),
    async newPage(url) {
      const page = await browser.newPage({ type: 'window' });
      await page.goto(url);
      return wrap(page);
    },
    async openPanel(page) {
      return wrap(await openPanel(page.raw));
    },
    async openExtensionPage(path) {
      if (!options.extensionDir) throw new Error('no extension in this browser');
      const page = await browser.newPage({ type: 'window' });
      await navigateExtensionPage(page, `${FIREFOX_EXTENSION_ORIGIN}/${path}`);
      return wrap(page);
    },
    close: () => browser.close(),
  };
}
