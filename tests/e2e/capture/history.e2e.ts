/**
 * Issue "The capture hook: invisible, complete": history before DevTools opens.
 *
 * capture/history.html sends 12,000 text messages ("m#00001" ...) before any panel is open. The
 * panel opened afterwards must show at least the last 10,000 (the default history), in order and
 * contiguous up to the last one sent, and a visible count of the dropped ones; the connection
 * still counts all 12,000. Then `historyMaxMessages` is lowered in the settings, the page
 * reloaded (with no panel open) and sends its 12,000 again: a panel opened afterwards shows the
 * new bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { bringToFront, readPanel, setSettings } from './capture-support';

const SENT = 12_000;
const label = (i: number) => `m#${String(i).padStart(5, '0')}`;

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/sink', {}); // keeps what it gets, sends nothing
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface HistoryView {
  /** Rows the toolbar counts ("N / N messages"). */
  rows: number;
  /** "… · N older messages dropped (history limit)" in the toolbar. */
  dropped: number;
  counts: string;
  first: { seq: number; preview: string };
  last: { seq: number; preview: string };
}

/** The toolbar's counts and the first and last rows of the Messages grid, as a user scrolls to them. */
async function readHistory(panel: TestPage, expectedRows: number): Promise<HistoryView> {
  await bringToFront(panel);
  await panel.waitForFunction(
    (n) => Number(/(\d+) messages/.exec(document.querySelector('[role="toolbar"] .counts')?.textContent ?? '')?.[1] ?? 0) >= n,
    expectedRows,
    { timeout: 20_000 },
  );
  return panel.evaluate(async () => {
    const frame = () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve, 0));
        setTimeout(resolve, 50);
      });
    const grid = document.querySelector('[role="grid"][aria-label="Messages"]')!;
    // The message grid is its own scroller.
    const scroller = (grid.matches('.scroll') ? grid : grid.querySelector('.scroll')) as HTMLElement;
    const visible = () =>
      [...grid.querySelectorAll('[role="row"][data-seq]')]
        .map((row) => ({
          index: Number(row.getAttribute('aria-rowindex')),
          seq: Number(row.getAttribute('data-seq')),
          preview: (row.querySelector('[data-col="preview-text"]') ?? row.querySelector('[data-col="preview"]'))?.textContent ?? '',
        }))
        .sort((a, b) => a.index - b.index);
    // Scroll, then wait until the virtual list has rendered the rows there (aria-rowindex 2 is the
    // first message, aria-rowcount the last: the header is row 1; on a busy machine
    // that can take more than a frame or two).
    const settle = async (atEnd: boolean) => {
      const total = Number(grid.getAttribute('aria-rowcount') ?? 0);
      for (let i = 0; i < 100; i++) {
        await frame();
        const rows = visible();
        if (rows.length && (atEnd ? rows[rows.length - 1].index >= total : rows[0].index <= 2)) return rows;
      }
      return visible();
    };
    scroller.scrollTop = 0;
    const first = (await settle(false))[0];
    scroller.scrollTop = scroller.scrollHeight;
    const bottom = await settle(true);
    const last = bottom[bottom.length - 1];
    const counts = document.querySelector('[role="toolbar"] .counts')?.textContent ?? '';
    return {
      rows: Number(/(\d+) messages/.exec(counts)?.[1] ?? 0),
      dropped: Number(/(\d+) older messages dropped \(history limit\)/.exec(counts)?.[1] ?? 0),
      counts: document.querySelector('[role="toolbar"] .counts')?.textContent ?? '',
      first: { seq: first.seq, preview: first.preview },
      last: { seq: last.seq, preview: last.preview },
    };
  });
}

/** Loads the page, which sends SENT messages at once; waits until the server has them all. */
async function loadAndSend(): Promise<void> {
  const before = server.frames({ path: '/sink' }).length;
  await page.goto(server.url(`/capture/history.html?n=${SENT}`));
  await server.waitForFrames({ path: '/sink' }, before + SENT, 20_000);
  await page.waitForFunction((n) => (window as any).__sent === n, SENT);
}

describe(`history before the panel opens (${browserUnderTestName()})`, () => {
  it('a panel opened after 12,000 messages shows the last 10,000 and how many were dropped', async () => {
    await loadAndSend();
    const panel = await browser.openPanel(page);
    const view = await readHistory(panel, 10_000);
    // The newest are kept, contiguous up to the last one sent (one socket, sends only: sequence
    // numbers and payload numbers move together), and the toolbar counts the others.
    const kept = view.last.seq - view.first.seq + 1;
    expect(kept).toBeGreaterThanOrEqual(10_000);
    expect(view.last.preview).toBe(label(SENT));
    expect(view.first.preview).toBe(label(SENT - kept + 1));
    expect(view.dropped).toBe(SENT - kept);
    // The connection itself still counts every message it sent.
    const [conn] = await readPanel(panel, { messages: false });
    expect(new URL(conn.url).pathname).toBe('/sink');
    expect(conn.sent).toMatch(new RegExp(`^${SENT} / `));
    await panel.close();
  });

  it('a lower historyMaxMessages from the settings bounds the history of the next page load', async () => {
    const settingsPage = await browser.openExtensionPage('panel.html');
    await setSettings(settingsPage, { historyMaxMessages: 1000 });
    await settingsPage.close();
    await bringToFront(page);
    await loadAndSend();
    const panel = await browser.openPanel(page);
    const view = await readHistory(panel, 1000);
    expect(view.first.preview).toBe(label(SENT - 999));
    expect(view.last.preview).toBe(label(SENT));
    expect(view.last.seq - view.first.seq + 1).toBe(1000);
    expect(view.dropped).toBe(SENT - 1000);
  });
});
