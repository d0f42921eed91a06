/**
 * The browser under test with NO extension: the reference side of differential tests (what the
 * page sees natively) and the baseline of benchmarks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_PATH, FIREFOX_PATH } from '../../../scripts/ensure-browsers.mjs';
import { removeBidiWorkerListener } from '../harness/firefox-worker-listener';
import { wrapPlaywright, wrapPuppeteer, type BrowserName, type TestPage } from '../harness/browsers';

export interface PlainBrowser {
  newPage(): Promise<TestPage>;
  close(): Promise<void>;
}

export async function launchPlainBrowser(name: BrowserName): Promise<PlainBrowser> {
  if (name === 'chromium') {
    const dir = await mkdtemp(join(tmpdir(), 'frameline-plain-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    return {
      newPage: async () => wrapPlaywright(await context.newPage()),
      close: async () => {
        await context.close();
        await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      },
    };
  }
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, protocol: 'webDriverBiDi', headless: true, args: ['--remote-allow-system-access'] });
  try {
    // Else a worker's `new Worker` hangs now and then under BiDi (harness/firefox-worker-listener.ts).
    await removeBidiWorkerListener(browser);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { newPage: async () => wrapPuppeteer(await browser.newPage()), close: () => browser.close() };
}
