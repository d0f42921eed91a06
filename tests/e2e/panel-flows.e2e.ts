/**
 * The panel's user flows in the browser under test: filter, select, keyboard navigation,
 * pause/resume, preserve log across a reload, theme switch; and a screenshot of each view
 * (written to test-results/screenshots/, and to docs/screenshots/ with FRAMELINE_SCREENSHOTS=1,
 * which is how the README's pictures are made). In Chromium some views are also captured at the
 * sizes the Chrome Web Store takes, 1280x800 and 640x400 (test-results/store-screenshots/, or
 * docs/store/screenshots/ with FRAMELINE_SCREENSHOTS=1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { readConnections, readMessages, selectConnection, setFilter, waitForConnections } from './support/panel-reader';
import { chooseTheme } from './support/panel-settings';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;
const shotsDir = resolve(process.env.FRAMELINE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');
const storeShotsDir = resolve(process.env.FRAMELINE_SCREENSHOTS ? 'docs/store/screenshots' : 'test-results/store-screenshots');

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>flows</title><script>
  window.sockets = {};
  const feed = new WebSocket('ws://' + location.host + '/feed');
  feed.onopen = () => {
    for (let i = 0; i < 30; i++) feed.send(JSON.stringify({ type: i % 3 ? 'quote' : 'trade', i, px: 100 + i }));
  };
  const bin = new WebSocket('ws://' + location.host + '/bin');
  bin.binaryType = 'arraybuffer';
  bin.onopen = () => bin.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x48, 0x69]));
  window.sockets.feed = feed;
</script></head><body><p>flows</p></body></html>`;

async function shot(name: string): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  await panel.screenshot(resolve(shotsDir, `${browserUnderTestName()}-${name}.png`));
}

/**
 * The panel at 1280x800, saved as is and at half scale (640x400): the two screenshot sizes the
 * Chrome Web Store takes. Chromium only (one browser makes the store's pictures); the viewport
 * is put back afterwards so the tests go on as before.
 */
async function storeShot(name: string): Promise<void> {
  if (browserUnderTestName() !== 'chromium') return;
  const raw = panel.raw as PwPage;
  const before = raw.viewportSize();
  mkdirSync(storeShotsDir, { recursive: true });
  await raw.setViewportSize({ width: 1280, height: 800 });
  try {
    await nextFrames();
    await raw.screenshot({ path: resolve(storeShotsDir, `${name}-1280x800.png`) });
    const cdp = await raw.context().newCDPSession(raw);
    try {
      const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width: 1280, height: 800, scale: 0.5 } });
      writeFileSync(resolve(storeShotsDir, `${name}-640x400.png`), Buffer.from(data, 'base64'));
    } finally {
      await cdp.detach();
    }
  } finally {
    if (before) await raw.setViewportSize(before);
    await nextFrames();
  }
}

/** Two animation frames: the virtual lists re-render after a resize. */
const nextFrames = () => panel.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));


beforeAll(async () => {
  server = await startTestServer();
  server.route('/flows.html', PAGE);
  server.ws('/feed', { echo: true });
  server.ws('/bin', { echo: true });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/flows.html'));
  await server.waitForFrames({ path: '/feed' }, 60);
  await server.waitForFrames({ path: '/bin' }, 2);
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 2);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function selectFeed(): Promise<void> {
  const feed = (await readConnections(panel)).find((c) => c.url.endsWith('/feed'))!;
  await selectConnection(panel, feed.id);
  await panel.waitForFunction(() => (Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1) >= 20, undefined, { timeout: 10_000 });
}

describe(`panel flows (${browserUnderTestName()})`, () => {
  it('filters with plain text, JSON paths, direction and type, showing the counts', async () => {
    await selectFeed();
    await shot('messages');
    await setFilter(panel, '$.type=trade dir:out');
    await panel.waitForFunction(() => (Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1) === 10, undefined, { timeout: 10_000 });
    const rows = await readMessages(panel);
    expect(rows.every((r) => r.dir === 'send' && r.preview.includes('"type":"trade"'))).toBe(true);
    expect(await panel.textContent('.counts')).toContain('10 / ');
    await setFilter(panel, '/"i":2\\d/');
    await panel.waitForFunction(() => (Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1) === 20, undefined, { timeout: 10_000 });
    await setFilter(panel, 'size>1k(');
    await panel.waitFor('#filter-error');
    expect(await panel.textContent('#filter-error')).toMatch(/at \d+|Bad size/);
    await setFilter(panel, '');
    await panel.waitForFunction(() => (Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1) >= 60, undefined, { timeout: 10_000 });
    // Type toggle: hiding text leaves only the connection's control row (its "open" event).
    await panel.click('.toolbar [aria-label="Types"] button:nth-child(1)');
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]').length === 0, undefined, { timeout: 10_000 });
    expect(await panel.evaluate(() => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-control]')].map((r) => r.getAttribute('data-control')))).toEqual(['open']);
    await panel.click('.toolbar [aria-label="Types"] button:nth-child(1)');
    await panel.waitForFunction(() => (Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1) >= 60, undefined, { timeout: 10_000 });
  });

  it('keyboard: Home, arrows and End move the selection and the details follow', async () => {
    await selectFeed();
    // Focus the list as a Tab press would, then drive it from the keyboard only.
    await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Messages"]') as HTMLElement).focus());
    // Home selects the first row: the connection's "open" control row, whose details are the connection's.
    await panel.press('Home');
    await panel.waitFor('[aria-label="Messages"] [role="row"][data-control="open"][aria-selected="true"]');
    await panel.waitFor('[aria-label="Connection details"]');
    await panel.press('ArrowDown');
    await panel.waitFor('[aria-label="Message details"] pre.payload');
    const first = await panel.textContent('[aria-label="Message details"] pre.payload');
    expect(JSON.parse(first!)).toEqual({ type: 'trade', i: 0, px: 100 });
    await panel.press('ArrowDown');
    await panel.waitForFunction((f) => document.querySelector('[aria-label="Message details"] pre.payload')?.textContent !== f, first, { timeout: 5000 });
    const second = await panel.textContent('[aria-label="Message details"] pre.payload');
    expect(second).not.toBe(first);
    await panel.press('End');
    await panel.waitForFunction(
      () => {
        const rows = document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]');
        return rows[rows.length - 1]?.getAttribute('aria-selected') === 'true';
      },
      undefined,
      { timeout: 5000 },
    );
    await panel.press('ArrowUp');
    const selected = await panel.evaluate(() => document.querySelector('[aria-label="Messages"] [role="row"][aria-selected="true"]')?.getAttribute('data-seq'));
    expect(selected).toBeTruthy();
    await shot('details-json');
    await storeShot('1-messages');
    await panel.click({ role: 'tab', name: 'JSON' });
    await panel.waitFor('[role="tree"]');
    await shot('details-json-tree');
    await storeShot('2-json-tree');
  });

  it('shows a binary message as a hex dump and the connection’s headers', async () => {
    const bin = (await readConnections(panel)).find((c) => c.url.endsWith('/bin'))!;
    await selectConnection(panel, bin.id);
    await shot('connection-headers');
    await storeShot('3-connection-headers');
    expect(await panel.textContent('[aria-label="Connection details"]')).toContain('101');
    await panel.click('[aria-label="Messages"] [role="row"][data-seq]');
    await panel.waitFor('[aria-label="Hex dump"]');
    expect(await panel.textContent('[aria-label="Hex dump"]')).toContain('de ad be ef 48 69');
    await shot('details-hex');
  });

  it('pause keeps new messages out; resume lets them in again', async () => {
    await selectFeed();
    // End selects the last row and turns follow-tail back on.
    await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Messages"]') as HTMLElement).focus());
    await panel.press('End');
    await panel.click({ role: 'button', name: 'Pause' });
    await panel.waitFor({ role: 'button', name: 'Resume' });
    await page.evaluate(() => (window as any).sockets.feed.send('while paused'));
    await server.waitForFrames({ path: '/feed' }, 62);
    await new Promise((r) => setTimeout(r, 500));
    await panel.click({ role: 'button', name: 'Resume' });
    await panel.waitFor({ role: 'button', name: 'Pause' });
    await page.evaluate(() => (window as any).sockets.feed.send('after resume'));
    await server.waitForFrames({ path: '/feed' }, 64);
    // The list follows the tail: wait for the echo of the last message at its end.
    await panel.waitForFunction(
      () => {
        const previews = [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq] [data-col="preview"]')].map((c) => c.textContent);
        return previews.slice(-2).join('|') === 'after resume|after resume';
      },
      undefined,
      { timeout: 10_000 },
    );
    const previews = (await readMessages(panel)).map((r) => r.preview);
    expect(previews).not.toContain('while paused');
    expect(previews.filter((p) => p === 'after resume')).toHaveLength(2);
  });

  it('clears the log on reload, unless Preserve log is on', async () => {
    const before = (await readConnections(panel)).map((c) => c.id);
    await page.goto(server.url('/flows.html'));
    // The new document's two sockets, and none of the old ones.
    await panel.waitForFunction(
      (old) => {
        const ids = [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')].map((r) => r.getAttribute('data-conn-id'));
        return ids.length === 2 && ids.every((id) => !old.includes(id!));
      },
      before,
      { timeout: 15_000 },
    );
    const afterPlainReload = await readConnections(panel);
    expect(afterPlainReload.every((c) => !c.finished)).toBe(true);
    await panel.click('.toolbar .check input');
    await page.goto(server.url('/flows.html'));
    await waitForConnections(panel, 4);
    const preserved = await readConnections(panel);
    expect(preserved).toHaveLength(4);
    await panel.click('.toolbar .check input'); // leave it off for later tests and runs
  });

  it('theme: the Settings choice switches to dark and back; Auto follows the system (Chromium can emulate it)', async () => {
    const isDark = () => panel.evaluate(() => document.documentElement.classList.contains('theme-dark'));
    expect(await isDark()).toBe(false);
    await chooseTheme(panel, 'dark');
    await panel.waitForFunction(() => document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
    expect(await panel.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(32, 33, 36)');
    await shot('dark');
    await storeShot('4-dark');
    await chooseTheme(panel, 'auto');
    await panel.waitForFunction(() => !document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
    if (browserUnderTestName() === 'chromium') {
      // Firefox's WebDriver BiDi cannot emulate prefers-color-scheme; the setting path above covers it.
      await (panel.raw as any).emulateMedia({ colorScheme: 'dark' });
      await panel.waitForFunction(() => document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
      await (panel.raw as any).emulateMedia({ colorScheme: 'light' });
      await panel.waitForFunction(() => !document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
    }
  });

  it('opens the settings dialog with the history and truncation limits', async () => {
    await panel.click({ role: 'button', name: 'Settings' });
    await panel.waitFor('[role="dialog"]');
    const text = await panel.textContent('[role="dialog"]');
    expect(text).toContain('Truncate payloads larger than');
    await shot('settings');
    await panel.click('[role="dialog"] button[type="button"]');
  });
});

