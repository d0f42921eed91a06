/**
 * The panel at the sizes DevTools is really docked (the panel in a tab sized the same way):
 * 480x800 (docked right) and 1200x220 (docked bottom), in the light and the dark theme. With six
 * sockets merged and live traffic, message rows are visible, their Data text with the socket
 * label ("#N") is inside the viewport, and every toolbar action is inside the viewport, in the bar
 * or in the "More" menu. Screenshots go to test-results/screenshots/ (docs/screenshots/ with
 * FRAMELINE_SCREENSHOTS=1, which is how the README's pictures are made).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { waitForConnections } from './support/panel-reader';
import { chooseTheme } from './support/panel-settings';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;
const shotsDir = resolve(process.env.FRAMELINE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

const SOCKETS = 6;
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>docked</title><script>
  for (let n = 0; n < ${SOCKETS}; n++) {
    const ws = new WebSocket('ws://' + location.host + '/s' + n);
    if (n === 5) ws.binaryType = 'arraybuffer';
    let i = 0;
    ws.onopen = () => setInterval(() => {
      i++;
      if (n === 5) ws.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef, i & 255]));
      else ws.send(JSON.stringify({ type: n % 2 ? 'quote' : 'trade', socket: n, i, px: 100 + i }));
    }, 400 + n * 50);
  }
</script></head><body><p>docked</p></body></html>`;

/** The toolbar actions that must be reachable, by selector (the bar's and the menu's forms share them). */
const ACTIONS: Record<string, string> = {
  'Pause/Resume': '[aria-label="Pause"], [aria-label="Resume"]',
  Clear: '[aria-label="Clear"]',
  Filter: 'input[aria-label="Filter"]',
  'Export HAR': '[aria-label="Export HAR"]',
  Import: '[aria-label="Import"]',
  'New connection': '[data-action="open-connection"]',
  Intercept: '[data-action="intercept"]',
  Chart: '[data-action="chart"]',
  Settings: '[aria-label="Settings"]',
  Count: '.counts, .toolbar-menu .menu-text',
};

const SIZES = [
  { name: 'docked-right', width: 480, height: 800, shots: true },
  { name: 'docked-bottom', width: 1200, height: 220, shots: true },
  // The smallest sizes the panel is made for.
  { name: 'narrowest', width: 320, height: 600, shots: false },
  { name: 'lowest', width: 1200, height: 180, shots: false },
];

async function setSize(width: number, height: number): Promise<void> {
  if (browserUnderTestName() === 'chromium') await (panel.raw as PwPage).setViewportSize({ width, height });
  else await (panel.raw as PpPage).setViewport({ width, height });
  await nextFrames();
  await nextFrames();
}

const nextFrames = () => panel.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

/** Where each action is: in the bar and inside the viewport, in the (open) menu and inside it, or nowhere. */
function locateActions(actions: Record<string, string>): Promise<Record<string, string>> {
  return panel.evaluate((all: Record<string, string>) => {
    const inside = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    };
    const out: Record<string, string> = {};
    for (const [name, selector] of Object.entries(all)) {
      const el = [...document.querySelectorAll(`.toolbar ${selector.split(', ').join(', .toolbar ')}`)].find((e) => !e.closest('[hidden]'));
      out[name] = !el ? 'missing' : `${el.closest('[role="menu"]') ? 'menu' : 'bar'}${inside(el) ? '' : ' (outside the viewport)'}`;
    }
    return out;
  }, actions);
}

/** Rows fully inside the viewport, with their Data cell and socket label. */
function visibleRows(): Promise<{ count: number; labelled: number; dataWidth: number; dataInside: boolean }> {
  return panel.evaluate(() => {
    const inside = (r: DOMRect) => r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    const rows = [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')].filter((row) => {
      const scroller = row.closest('.scroll')!.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return inside(r) && r.top >= scroller.top && r.bottom <= scroller.bottom + 0.5;
    });
    const data = rows.map((row) => row.querySelector('[data-col="preview"]')!);
    const labels = data.map((cell) => cell.querySelector('.conn-label')).filter((l): l is Element => !!l && /^#\d+$/.test(l.textContent ?? '') && inside(l.getBoundingClientRect()));
    return {
      count: rows.length,
      labelled: labels.length,
      dataWidth: Math.min(...data.map((d) => d.getBoundingClientRect().width)),
      dataInside: data.every((d) => inside(d.getBoundingClientRect()) && (d.querySelector('[data-col="preview-text"]')?.textContent ?? '').length > 0),
    };
  });
}

beforeAll(async () => {
  server = await startTestServer();
  server.route('/docked.html', PAGE);
  for (let n = 0; n < SOCKETS; n++) server.ws(`/s${n}`, { echo: true });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/docked.html'));
  panel = await browser.openPanel(page);
  await waitForConnections(panel, SOCKETS);
  await panel.waitForFunction(() => Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) > 40, undefined, { timeout: 15_000 });
});

afterAll(async () => {
  try {
    await setSize(1280, 800);
    await chooseTheme(panel, 'auto');
  } catch {
    // The browser may already be gone after a failure.
  }
  await browser?.close();
  await server?.close();
});

describe(`docked layout (${browserUnderTestName()})`, () => {
  it('at 1280 px every toolbar control is in the bar and there is no More menu', async () => {
    await setSize(1280, 800);
    const where = await locateActions(ACTIONS);
    expect(where).toEqual(Object.fromEntries(Object.keys(ACTIONS).map((k) => [k, 'bar'])));
    expect(await panel.evaluate(() => document.querySelector('[aria-haspopup="menu"][aria-label="More"]') === null)).toBe(true);
  });

  it('hides and shows a column from the header menu (right-click, or the keyboard-reachable ⋮ button), remembered', async () => {
    await setSize(1280, 800);
    const headers = () => panel.evaluate(() => [...document.querySelectorAll('[aria-label="Messages"] [role="columnheader"]')].map((h) => h.textContent ?? ''));
    expect(await headers()).toEqual(['', 'Data', 'Time', 'Since open', 'Size', 'Type', '⋮']);
    await panel.click('[aria-label="Messages"] button[aria-haspopup="menu"][aria-label="Columns"]');
    await panel.waitFor('[role="menu"][aria-label="Columns"]');
    await panel.click({ role: 'menuitemcheckbox', name: 'Since open' });
    await panel.waitForFunction(() => ![...document.querySelectorAll('[aria-label="Messages"] [role="columnheader"]')].some((h) => h.textContent === 'Since open'), undefined, { timeout: 5000 });
    expect(await panel.evaluate(() => (JSON.parse(localStorage.getItem('frameline.ui') ?? '{}') as { hiddenColumns?: string[] }).hiddenColumns)).toEqual(['rel']);
    await panel.press('Escape');
    // The same menu from a right-click on a header cell.
    await panel.evaluate(() => {
      const cell = document.querySelector('[aria-label="Messages"] [role="columnheader"].col-time')!;
      const r = cell.getBoundingClientRect();
      cell.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + 5, clientY: r.bottom }));
    });
    await panel.waitFor('[role="menu"][aria-label="Columns"]');
    await panel.click({ role: 'menuitemcheckbox', name: 'Since open' });
    await panel.waitForFunction(() => [...document.querySelectorAll('[aria-label="Messages"] [role="columnheader"]')].some((h) => h.textContent === 'Since open'), undefined, { timeout: 5000 });
    await panel.press('Escape');
  });

  it("follows DevTools' theme live while the Theme setting is Auto (the DevTools page's message)", async () => {
    await setSize(1280, 800);
    await chooseTheme(panel, 'auto');
    const tell = (theme: string) => panel.evaluate((name) => postMessage({ type: 'frameline:devtools-theme', theme: name }, location.origin), theme);
    await tell('dark');
    await panel.waitForFunction(() => document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
    await tell('default'); // Chromium's name for the light theme
    await panel.waitForFunction(() => !document.documentElement.classList.contains('theme-dark'), undefined, { timeout: 5000 });
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const size of SIZES.filter((s) => s.shots || theme === 'light')) {
      it(`${size.name} ${size.width}x${size.height}, ${theme}: rows, their data with the socket label, and every action are in view`, async () => {
        await setSize(1280, 800);
        await chooseTheme(panel, theme);
        await setSize(size.width, size.height);
        // Merged list: the Connections picker (or grid) shows all connections.
        await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] .conn-label') !== null, undefined, { timeout: 10_000 });

        const rows = await visibleRows();
        expect(rows.count, 'message rows in view').toBeGreaterThanOrEqual(size.height < 300 ? 2 : 8);
        expect(rows.labelled, 'rows with their #N label in view').toBe(rows.count);
        expect(rows.dataInside, 'Data text inside the viewport').toBe(true);
        expect(rows.dataWidth, 'Data column width').toBeGreaterThanOrEqual(150);

        const inBar = await locateActions(ACTIONS);
        const more = await panel.evaluate(() => document.querySelector('[aria-haspopup="menu"][aria-label="More"]') !== null);
        if (more) {
          await panel.click('[aria-haspopup="menu"][aria-label="More"]');
          await panel.waitFor('.toolbar-menu:not([hidden])');
        }
        const anywhere = await locateActions(ACTIONS);
        for (const name of Object.keys(ACTIONS)) {
          const place = inBar[name] === 'bar' ? 'bar' : anywhere[name];
          expect(['bar', 'menu'], `${name}: ${place}`).toContain(place);
        }
        if (more && size.shots) {
          mkdirSync(shotsDir, { recursive: true });
          await panel.screenshot(resolve(shotsDir, `${browserUnderTestName()}-${size.name}-${theme}-menu.png`));
        }
        if (more) {
          // The More button closes its menu again.
          await panel.click('[aria-haspopup="menu"][aria-label="More"]');
          await panel.waitForFunction(() => (document.querySelector('.toolbar-menu')?.getBoundingClientRect().height ?? 0) === 0, undefined, { timeout: 5000 });
        }
        mkdirSync(shotsDir, { recursive: true });
        if (size.shots) await panel.screenshot(resolve(shotsDir, `${browserUnderTestName()}-${size.name}-${theme}.png`));

        // The details of a message show its payload, under one line of tabs and "Copy as".
        // A row in view; clicked in the page: with live traffic the rows move, and a pointer
        // click waits for a still target.
        await panel.evaluate(() => {
          // The grid is the scroller.
          const scroller = document.querySelector('[role="grid"][aria-label="Messages"]')!.getBoundingClientRect();
          const rows = [...document.querySelectorAll<HTMLElement>('[aria-label="Messages"] [role="row"][data-seq]')];
          const row = rows.find((r) => r.getBoundingClientRect().top >= scroller.top && r.getBoundingClientRect().bottom <= scroller.bottom) ?? rows[0];
          row.click();
        });
        await panel.waitFor('[role="tabpanel"] .payload, [role="tabpanel"] .json-tree');
        const details = await panel.evaluate(() => {
          const body = document.querySelector('[role="tabpanel"]')!.getBoundingClientRect();
          const tabs = document.querySelector('.tabs')!.getBoundingClientRect();
          return { bodyTop: body.top, tabsHeight: tabs.height };
        });
        expect(details.tabsHeight, 'tabs and Copy as on one line').toBeLessThan(32);
        expect(details.bodyTop, 'payload starts inside the viewport').toBeLessThan(size.height - 20);
        if (size.shots) await panel.screenshot(resolve(shotsDir, `${browserUnderTestName()}-${size.name}-${theme}-details.png`));
      });
    }
  }
});
