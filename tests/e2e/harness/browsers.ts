/**
 * One thin interface over Chromium (playwright-core) and Firefox (puppeteer-core over BiDi), so
 * one e2e test body runs in either browser. Which one a run uses comes from the environment:
 * FRAMELINE_BROWSER_UNDER_TEST=chromium|firefox (scripts/test.mjs runs the suite once per browser).
 *
 * Only the handful of page operations tests need are wrapped; `raw` is there for the rest.
 * A `Target` is a CSS selector, or `{ role, name }` to find an element by its accessible name
 * (the panel's fixed accessible names: "Connections", "Messages", "Filter", "Send", ...).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as PwPage } from 'playwright-core';
import type { Frame as PpFrame, Page as PpPage } from 'puppeteer-core';
import { launchChromium, type ChromiumSession } from './chromium';
import { launchFirefox, navigateExtensionPage, type FirefoxSession } from './firefox';
import { ensureBrowserLocale } from '../../../scripts/ensure-browsers.mjs';

export type BrowserName = 'chromium' | 'firefox';
export type Target = string | { role: string; name: string };

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export interface TestPage {
  /** The underlying playwright Page (chromium) or puppeteer Page/Frame (firefox, DevTools). */
  readonly raw: unknown;
  /** location.href of the page (async: puppeteer's page.url() misses moz-extension navigations). */
  url(): Promise<string>;
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (one serializable argument, as in Playwright). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  click(target: Target): Promise<void>;
  /** Replaces the text of an input or textarea, as if typed. */
  fill(target: Target, text: string): Promise<void>;
  /** A key name like 'Enter', 'ArrowDown', or a chord like 'Control+a'. */
  press(key: string): Promise<void>;
  /** textContent of the first match, or null when nothing matches. */
  textContent(target: Target): Promise<string | null>;
  waitFor(target: Target, opts?: { timeout?: number }): Promise<void>;
  waitForFunction<A = undefined>(fn: (arg: A) => unknown, arg?: A, opts?: { timeout?: number }): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserUnderTest {
  name: BrowserName;
  /** The installed extension: an unpacked folder, or (Firefox) a packed .xpi. */
  extensionDir: string;
  newPage(): Promise<TestPage>;
  /** Opens panel.html?tabId=<page's tab> in a new tab. */
  openPanel(page: TestPage): Promise<TestPage>;
  /** Opens an extension page such as 'viewer.html' in a new tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  tabIdOf(page: TestPage): Promise<number>;
  /**
   * Stops the background (Chromium's service worker, as when it idles out); it starts again on the
   * next event. Firefox has no way to do this from outside: throws there.
   */
  restartBackground(): Promise<void>;
  /** Reloads the extension (`runtime.reload()`); resolves once the new instance runs. */
  reloadExtension(): Promise<void>;
  /** The browser-specific session, for what the common interface leaves out. */
  session: ChromiumSession | FirefoxSession;
  close(): Promise<void>;
}

/** The browser this run tests: FRAMELINE_BROWSER_UNDER_TEST, default chromium. */
export function browserUnderTestName(): BrowserName {
  const name = process.env.FRAMELINE_BROWSER_UNDER_TEST ?? 'chromium';
  if (name !== 'chromium' && name !== 'firefox') throw new Error(`FRAMELINE_BROWSER_UNDER_TEST must be chromium or firefox, not "${name}"`);
  return name;
}

/** dist/chrome or dist/firefox; FRAMELINE_CHROME_DIR / FRAMELINE_FIREFOX_DIR override (e.g. a stub extension). */
export function extensionDirFor(name: BrowserName): string {
  if (name === 'chromium') return resolve(process.env.FRAMELINE_CHROME_DIR ?? resolve(ROOT, 'dist/chrome'));
  return resolve(process.env.FRAMELINE_FIREFOX_DIR ?? resolve(ROOT, 'dist/firefox'));
}

export interface LaunchOptions {
  /** The browser's UI language (e.g. 'zh-CN'), which the panel's text follows; its language pack is installed if missing. */
  locale?: 'zh-CN';
}

/**
 * @param extensionPath what to install: default dist/chrome or dist/firefox (extensionDirFor).
 *   Chromium loads only an unpacked folder; Firefox also takes a packed .xpi.
 */
export async function launchBrowserUnderTest(
  name: BrowserName = browserUnderTestName(),
  extensionPath: string = extensionDirFor(name),
  options: LaunchOptions = {},
): Promise<BrowserUnderTest> {
  const extensionDir = resolve(extensionPath);
  if (options.locale) await ensureBrowserLocale(name, options.locale);
  if (name === 'chromium') {
    const session = await launchChromium({ extensionDir, locale: options.locale });
    const pages = new Map<TestPage, PwPage>();
    const wrap = (p: PwPage) => {
      const page = wrapPlaywright(p);
      pages.set(page, p);
      return page;
    };
    const unwrap = (page: TestPage) => pages.get(page) ?? (page.raw as PwPage);
    return {
      name,
      extensionDir,
      session,
      newPage: async () => wrap(await session.newPage()),
      openPanel: async (page) => wrap(await session.openPanel(unwrap(page))),
      openExtensionPage: async (path) => wrap(await session.openExtensionPage(path)),
      tabIdOf: (page) => session.tabIdOf(unwrap(page)),
      restartBackground: () => session.stopServiceWorker(),
      reloadExtension: () => session.reloadExtension(),
      close: () => session.close(),
    };
  }
  const session = await launchFirefox({ extensionDir, locale: options.locale });
  const unwrap = (page: TestPage) => page.raw as PpPage;
  return {
    name,
    extensionDir,
    session,
    newPage: async () => wrapPuppeteer(await session.newPage()),
    openPanel: async (page) => wrapPuppeteer(await session.openPanel(unwrap(page))),
    openExtensionPage: async (path) => wrapPuppeteer(await session.openExtensionPage(path)),
    tabIdOf: (page) => session.tabIdOf(unwrap(page)),
    restartBackground: () => Promise.reject(new Error('firefox: an event page cannot be stopped from outside the browser')),
    reloadExtension: () => session.reloadExtension(),
    close: () => session.close(),
  };
}

/** Playwright selector syntax for a Target. */
function pwSelector(t: Target): string {
  return typeof t === 'string' ? t : `role=${t.role}[name=${JSON.stringify(t.name)}]`;
}

/** Puppeteer selector syntax for a Target (its ARIA query handler). */
function ppSelector(t: Target): string {
  return typeof t === 'string' ? t : `::-p-aria([name=${JSON.stringify(t.name)}][role=${JSON.stringify(t.role)}])`;
}

export function wrapPlaywright(p: PwPage): TestPage {
  return {
    raw: p,
    url: async () => p.url(),
    goto: async (url) => void (await p.goto(url)),
    evaluate: (fn, arg) => p.evaluate(fn as any, arg) as any,
    click: (t) => p.click(pwSelector(t)),
    fill: (t, text) => p.fill(pwSelector(t), text),
    press: (key) => p.keyboard.press(key),
    textContent: async (t) => {
      const loc = p.locator(pwSelector(t)).first();
      return (await loc.count()) ? loc.textContent() : null;
    },
    waitFor: async (t, o) => void (await p.waitForSelector(pwSelector(t), { timeout: o?.timeout })),
    waitForFunction: async (fn, arg, o) => void (await p.waitForFunction(fn as any, arg, { timeout: o?.timeout })),
    screenshot: async (path) => void (await p.screenshot({ path })),
    close: () => p.close(),
  };
}

/**
 * Wraps a puppeteer Page (Firefox) or Frame (the DevTools panel frame in Chromium).
 * Extension pages in Firefox cannot be reached with page.goto (see firefox.ts), so goto
 * switches to the polling navigation for moz-extension:// URLs.
 */
export function wrapPuppeteer(p: PpPage | PpFrame): TestPage {
  const page = 'keyboard' in p ? p : p.page();
  return {
    raw: p,
    url: () => p.evaluate(() => location.href),
    goto: async (url) => {
      if (url.startsWith('moz-extension://') && 'keyboard' in p) await navigateExtensionPage(p, url);
      else await p.goto(url);
    },
    evaluate: (fn, arg) => p.evaluate(fn as any, arg) as any,
    click: (t) => p.locator(ppSelector(t)).click(),
    fill: (t, text) => fillLikeAUser(p, ppSelector(t), text),
    press: async (key) => {
      // Playwright-style chords ("Control+a"): hold the modifiers, press the last key.
      const keys = key.split('+') as any[];
      for (const k of keys.slice(0, -1)) await page.keyboard.down(k);
      await page.keyboard.press(keys[keys.length - 1]);
      for (const k of keys.slice(0, -1).reverse()) await page.keyboard.up(k);
    },
    textContent: async (t) => {
      const el = await p.$(ppSelector(t));
      if (!el) return null;
      try {
        return await el.evaluate((e: Element) => e.textContent);
      } finally {
        await el.dispose();
      }
    },
    waitFor: async (t, o) => void (await p.waitForSelector(ppSelector(t), { timeout: o?.timeout })),
    waitForFunction: async (fn, arg, o) => void (await p.waitForFunction(fn as any, { timeout: o?.timeout }, arg)),
    screenshot: async (path) => void (await page.screenshot({ path })),
    close: () => page.close(),
  };
}

/**
 * Replaces a text field's content the way a user does: focus, select all, type over it.
 * Not puppeteer's `Locator.fill`: it empties the field with `value = ''` and no input event,
 * so a Preact re-render that lands before the typing puts the old (controlled) value back and
 * the typed text is appended to it (seen in Firefox: "hello from pagehello, edited").
 */
async function fillLikeAUser(p: PpPage | PpFrame, selector: string, text: string): Promise<void> {
  const handle = await p.locator(selector).waitHandle();
  try {
    await handle.focus();
    await handle.evaluate((el) => (el as HTMLInputElement | HTMLTextAreaElement).select());
    if (text) await handle.type(text);
    else await handle.press('Backspace');
    const value = await handle.evaluate((el) => (el as HTMLInputElement | HTMLTextAreaElement).value);
    if (value !== text) throw new Error(`fill(${selector}): the field holds ${JSON.stringify(value)}, not ${JSON.stringify(text)}`);
  } finally {
    await handle.dispose();
  }
}
