/**
 * Keyboard flows in the browser under test: the message list (arrows, Home/End, PageUp/PageDown,
 * Enter to the details and Escape back to the row), Ctrl+F and `/` to the Filter box (`/` is not
 * typed anywhere and Firefox's Quick Find does not take the focus), the toolbar's roving Tab stop,
 * and a dialog opened from the keyboard: focus stays inside, Escape closes it, focus returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { readConnections, selectConnection, waitForConnections } from '../support/panel-reader';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>keys</title><script>
  const feed = new WebSocket('ws://' + location.host + '/feed');
  feed.onopen = () => {
    for (let i = 0; i < 80; i++) feed.send(JSON.stringify({ i }));
  };
</script></head><body><p>keys</p></body></html>`;

/** What has the focus: the grid, the details, the filter, a dialog's control, or something else. */
const focusOf = () =>
  panel.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    if (el.getAttribute('role') === 'grid') return `grid:${el.getAttribute('aria-label')}`;
    if (el.matches('section.details')) return `details:${el.getAttribute('aria-label')}`;
    if (el.matches('input[aria-label="Filter"]')) return 'filter';
    if (el.closest('dialog')) return 'dialog';
    return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.trim()}`;
  });

/** Index (0-based) of the selected message row, and whether the grid names it as active. */
const selection = () =>
  panel.evaluate(() => {
    const grid = document.querySelector('[role="grid"][aria-label="Messages"]')!;
    const row = grid.querySelector('[role="row"][aria-selected="true"]');
    return {
      index: row ? Number(row.getAttribute('aria-rowindex')) - 2 : -1,
      active: !!row && grid.getAttribute('aria-activedescendant') === row.id,
    };
  });

/** Resizes the panel's viewport (Playwright in Chromium, Puppeteer in Firefox). */
async function setViewport(width: number, height: number): Promise<void> {
  const raw = panel.raw as { setViewportSize?(size: { width: number; height: number }): Promise<void>; setViewport?(size: { width: number; height: number }): Promise<void> };
  if (raw.setViewportSize) await raw.setViewportSize({ width, height });
  else await raw.setViewport!({ width, height });
  await panel.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

const rowCount = () => panel.evaluate(() => Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1);

beforeAll(async () => {
  server = await startTestServer();
  server.route('/keys.html', PAGE);
  server.ws('/feed', { echo: true });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/keys.html'));
  await server.waitForFrames({ path: '/feed' }, 160);
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 1);
  const feed = (await readConnections(panel)).find((c) => c.url.endsWith('/feed'))!;
  await selectConnection(panel, feed.id);
  await panel.waitForFunction(() => Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1 >= 161, undefined, { timeout: 10_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`keyboard (${browserUnderTestName()})`, () => {
  it('moves the selection with arrows, Home/End and PageUp/PageDown; Enter opens the details, Escape returns to the row', async () => {
    const count = await rowCount();
    await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Messages"]') as HTMLElement).focus());
    await panel.press('Home');
    await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] [aria-rowindex="2"]')?.getAttribute('aria-selected') === 'true', undefined, { timeout: 5000 });
    expect(await selection()).toEqual({ index: 0, active: true });
    await panel.press('ArrowDown');
    await panel.press('ArrowDown');
    await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] [aria-rowindex="4"]')?.getAttribute('aria-selected') === 'true', undefined, { timeout: 5000 });
    await panel.press('ArrowUp');
    await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] [aria-rowindex="3"]')?.getAttribute('aria-selected') === 'true', undefined, { timeout: 5000 });
    expect(await selection()).toEqual({ index: 1, active: true });
    await panel.press('PageDown');
    await panel.waitForFunction(() => Number(document.querySelector('[aria-label="Messages"] [role="row"][aria-selected="true"]')?.getAttribute('aria-rowindex')) > 4, undefined, { timeout: 5000 });
    const paged = await selection();
    expect(paged.index).toBeGreaterThan(2);
    expect(paged.active).toBe(true);
    await panel.press('PageUp');
    await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] [aria-rowindex="3"]')?.getAttribute('aria-selected') === 'true', undefined, { timeout: 5000 });
    await panel.press('End');
    await panel.waitForFunction(
      (last) => document.querySelector(`[aria-label="Messages"] [aria-rowindex="${last + 2}"]`)?.getAttribute('aria-selected') === 'true',
      count - 1,
      { timeout: 5000 },
    );
    expect(await selection()).toEqual({ index: count - 1, active: true });
    expect(await focusOf()).toBe('grid:Messages');

    await panel.press('ArrowUp');
    await panel.press('Enter');
    await panel.waitForFunction(() => document.activeElement?.matches('section.details[aria-label="Message details"]'), undefined, { timeout: 5000 });
    expect(await panel.textContent('[aria-label="Message details"] pre.payload')).toContain('"i"');
    await panel.press('Escape');
    await panel.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Messages', undefined, { timeout: 5000 });
    expect(await selection()).toEqual({ index: count - 2, active: true });
  });

  it("the details' view tabs are one Tab stop: arrows pick the next view", async () => {
    await panel.click('[aria-label="Messages"] [role="row"][data-seq]');
    await panel.waitFor('[aria-label="Message details"] [role="tab"][aria-selected="true"]');
    const tabs = () =>
      panel.evaluate(() =>
        [...document.querySelectorAll('[aria-label="Message details"] [role="tab"]')].map((t) => ({ name: t.textContent, selected: t.getAttribute('aria-selected'), stop: (t as HTMLElement).tabIndex })),
      );
    const before = await tabs();
    expect(before.filter((t) => t.stop === 0)).toHaveLength(1);
    // Only tabs in the tablist: the "Copy as" buttons are not tabs.
    expect(await panel.evaluate(() => [...document.querySelectorAll('[role="tablist"] > *')].every((el) => el.getAttribute('role') === 'tab'))).toBe(true);
    await panel.evaluate(() => (document.querySelector('[aria-label="Message details"] [role="tab"][aria-selected="true"]') as HTMLElement).focus());
    await panel.press('ArrowRight');
    await panel.waitForFunction(() => document.activeElement?.getAttribute('role') === 'tab' && document.activeElement.getAttribute('aria-selected') === 'true' && document.activeElement.textContent !== 'Text', undefined, { timeout: 5000 });
    const after = await tabs();
    expect(after.find((t) => t.selected === 'true')!.name).toBe(before[1].name);
    expect(after.filter((t) => t.stop === 0).map((t) => t.name)).toEqual([before[1].name]);
    await panel.press('Home');
    await panel.waitForFunction((first) => document.activeElement?.textContent === first, before[0].name, { timeout: 5000 });
  });

  it('Ctrl+F and / focus the Filter box; / is not typed and no find bar takes the focus', async () => {
    await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Messages"]') as HTMLElement).focus());
    await panel.press('Control+f');
    await panel.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Filter', undefined, { timeout: 5000 });
    await panel.evaluate(() => (document.querySelector('[role="grid"][aria-label="Messages"]') as HTMLElement).focus());
    await panel.press('/');
    await panel.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Filter', undefined, { timeout: 5000 });
    // Typing goes on into the box: nothing else (Firefox's Quick Find bar) took the keys.
    await panel.press('x');
    expect(await panel.evaluate(() => ({ value: (document.activeElement as HTMLInputElement).value, focused: document.hasFocus() }))).toEqual({ value: 'x', focused: true });
    // In the box, `/` is a character.
    await panel.press('/');
    expect(await panel.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('x/');
    await panel.press('Backspace');
    await panel.press('Backspace');
    await panel.waitForFunction(() => (document.querySelector('input[aria-label="Filter"]') as HTMLInputElement).value === '', undefined, { timeout: 5000 });
  });

  it('the toolbar is one Tab stop for its buttons: arrows move between them', async () => {
    await panel.evaluate(() => (document.querySelector('.toolbar button[aria-label="Pause"], .toolbar button[aria-label="Resume"]') as HTMLElement).focus());
    await panel.press('ArrowRight');
    expect(await focusOf()).toBe('button:Clear');
    const stops = await panel.evaluate(() => [...document.querySelectorAll('.toolbar button')].filter((b) => (b as HTMLElement).tabIndex === 0).map((b) => b.getAttribute('aria-label')));
    expect(stops).toEqual(['Clear']);
    await panel.press('ArrowLeft');
    expect(await focusOf()).toBe('button:Pause');
  });

  it('a dialog opened from the keyboard keeps the focus, closes on Escape and gives the focus back to its opener', async () => {
    await panel.evaluate(() => (document.querySelector('.toolbar button[aria-label="Settings"]') as HTMLElement).focus());
    await panel.press('Enter');
    await panel.waitFor('dialog[open]');
    await panel.waitForFunction(() => !!document.activeElement?.closest('dialog'), undefined, { timeout: 5000 });
    for (let i = 0; i < 12; i++) {
      await panel.press('Tab');
      expect(await focusOf()).toBe('dialog');
    }
    await panel.press('Escape');
    await panel.waitForFunction(() => !document.querySelector('dialog'), undefined, { timeout: 5000 });
    expect(await focusOf()).toBe('button:Settings');
  });

  it('every dialog fits a 320 x 220 panel: its title and buttons in view, its body scrolls', async () => {
    await setViewport(320, 220);
    try {
      for (const name of ['Settings', 'Export HAR', 'New connection']) {
        // Clicked from the DOM: at this width the toolbar's layout (not tested here) may clip it.
        await panel.evaluate((label) => {
          const button = [...document.querySelectorAll<HTMLElement>('.toolbar button')].find((b) => b.getAttribute('aria-label') === label || b.textContent?.trim() === label);
          button!.focus();
          button!.click();
        }, name);
        await panel.waitFor('dialog[open]');
        const fit = await panel.evaluate(() => {
          const inView = (el: Element | null) => {
            if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
          };
          const dialog = document.querySelector('dialog[open]')!;
          return { dialog: inView(dialog), title: inView(dialog.querySelector('h2')), submit: inView(dialog.querySelector('button[type="submit"]')), cancel: inView(dialog.querySelector('.dialog-buttons button[type="button"]')) };
        });
        expect(fit, name).toEqual({ dialog: true, title: true, submit: true, cancel: true });
        await panel.press('Escape');
        await panel.waitForFunction(() => !document.querySelector('dialog'), undefined, { timeout: 5000 });
      }
    } finally {
      await setViewport(1280, 800);
    }
  });
});
