/**
 * Issue 14, "Sockets in workers": the page hook's own mechanism (src/page/hook-workers.ts).
 *
 * capture/workers.html starts workers from blob: (classic, and module) and data: (plain, base64)
 * scripts, and a worker nested in a blob: worker; each opens ws://host/w/<label>, sends a text and
 * a binary message, gets both echoed and closes with 4001. All of it happens before any panel is
 * open: the panel opened afterwards must show every worker's socket, labelled with its context,
 * with exactly the server's frames and the close code. Each worker reads `self.location.href` as
 * the URL the page gave. Then shared workers used by two tabs: a data: one (Firefox; Chromium has
 * none) shows its socket in both tabs' panels, marked shared; a blob: one stays one worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { connectionByPath, expectSameAsWire, readPanel, waitForCounts, wireFrames } from './capture-support';

const KINDS = ['blob-classic', 'blob-module', 'data-classic', 'data-base64', 'nested'];

let server: TestServer;
let browser: BrowserUnderTest;

beforeAll(async () => {
  server = await startTestServer(); // unregistered paths (/w/<label>) echo
  browser = await launchBrowserUnderTest();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openWorkersPage(): Promise<TestPage> {
  const page = await browser.newPage();
  await page.goto(server.url('/capture/workers.html'));
  return page;
}

describe(`sockets in workers (${browserUnderTestName()})`, () => {
  it('shows every blob:/data:/nested worker socket, opened before the panel, with exact bytes, close codes and its context', async () => {
    const page = await openWorkersPage();
    const results = await page.evaluate((kinds) => (window as any).runWorkers(kinds), KINDS);
    for (const result of results as { label: string; code: number; href: string; original?: string }[]) {
      expect(result.code, result.label).toBe(4001);
      // The worker sees the URL the page gave, not the one Frameline made.
      if (result.original) expect(result.href, `${result.label}: self.location.href`).toBe(result.original);
    }
    const panel = await browser.openPanel(page);
    for (const label of KINDS) await waitForCounts(panel, `/w/${label}`, 2, 2);
    const conns = await readPanel(panel, { connectionDetails: true });
    for (const label of KINDS) {
      const path = `/w/${label}`;
      const conn = connectionByPath(conns, path);
      expectSameAsWire(conn, wireFrames(server, { path }), label);
      expect(conn.close, `${label}: close`).toContain(`4001 bye ${label}`);
      expect(conn.frame, `${label}: frame column`).toBe('worker');
      expect(conn.facts?.['Opened by'], `${label}: details`).toBe('worker');
      expect(conn.facts?.['Worker script'], `${label}: script`).toMatch(label === 'nested' || label.startsWith('blob') ? /^blob:/ : /^data:text\/javascript/);
    }
    await panel.close();
    await page.close();
  }, 90_000);

  /** Two tabs on one shared worker, which runs its socket once both are connected. */
  async function shareAndRun(url: string): Promise<[TestPage, TestPage]> {
    const before = server.connections.length;
    const first = await openWorkersPage();
    const second = await openWorkersPage();
    await first.evaluate((u) => (window as any).connectShared(u), url);
    await second.evaluate((u) => (window as any).connectShared(u), url);
    await first.evaluate(() => (window as any).sharedWorker.port.postMessage('go'));
    // One worker for both tabs: each hears the one socket's result.
    for (const page of [first, second]) {
      await page.waitForFunction(() => (window as any).sharedResults.length === 1, undefined, { timeout: 15_000 });
      expect(await page.evaluate(() => (window as any).sharedResults[0].code)).toBe(4001);
    }
    expect(server.connections.slice(before).filter((c) => c.path === '/w/shared')).toHaveLength(1);
    return [first, second];
  }

  if (browserUnderTestName() === 'firefox') {
    it("a data: shared worker's socket is in the panel of both tabs that use it, marked shared", async () => {
      const pages = await shareAndRun(await (await openWorkersPage()).evaluate(() => (window as any).sharedDataUrl as string));
      for (const page of pages) {
        const panel = await browser.openPanel(page);
        await waitForCounts(panel, '/w/shared', 2, 2);
        const conn = connectionByPath(await readPanel(panel, { connectionDetails: true }), '/w/shared');
        expectSameAsWire(conn, wireFrames(server, { path: '/w/shared' }), 'shared');
        expect(conn.frame).toBe('shared worker');
        expect(conn.facts?.['Opened by']).toBe('shared worker');
        await panel.close();
      }
    }, 90_000);
  } else {
    it('a data: shared worker fails with the extension as it does without (Chromium has no data: shared workers)', async () => {
      const page = await openWorkersPage();
      const outcome = await page.evaluate(() => (window as any).connectShared((window as any).sharedDataUrl).then(
        () => 'ready',
        (error: Error) => error.message,
      ));
      expect(outcome).toBe('shared worker error');
    }, 30_000);
  }

  it('a blob: shared worker that two tabs name by the same URL stays one worker (its URL is never rewritten)', async () => {
    const maker = await openWorkersPage();
    const url = await maker.evaluate(() => (window as any).makeSharedBlobUrl() as string);
    await shareAndRun(url);
  }, 60_000);
});
