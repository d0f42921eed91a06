/**
 * Issue 14 "Sockets in workers", the network path: http(s) workers' sockets in the panel.
 *
 * workers/http.html (CSP `worker-src 'self'`) starts a classic dedicated worker ('use strict',
 * relative importScripts and fetch) that starts a nested worker, a module worker (relative static
 * import and fetch), a shared worker, and, in tab "a", a service worker. Each opens
 * ws://<host>/w/<kind>-<tab>, sends a text and a binary message and gets both echoed; tab "b"
 * opens the same page (the shared worker opens a second socket for it). The panels are opened
 * only after all of that happened (history before DevTools opens).
 *
 * Firefox: the background puts the worker hook in front of each top-level worker script
 * (webRequest.filterResponseData), so every socket is in the panel, byte for byte as the server
 * logged it; every tab using the shared worker sees the shared worker's sockets; the service
 * worker's socket is in the panel of the tab it reached. Chrome has no filterResponseData: http(s)
 * workers are captured there only by deep capture, so none of these sockets is in the panel.
 * In both, what the workers see (location, strict mode, relative URLs, the service worker's own
 * messages to the page) is what they see without the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { launchPlainBrowser } from '../support/plain-browser';
import { selectConnection } from '../support/panel-reader';
import { connectionByPath, expectSameAsWire, pathOf, readPanel, waitForCounts, waitForPaths, wireFrames, type PanelConnection } from './capture-support';

const firefox = browserUnderTestName() === 'firefox';
const TAB_A = ['classic-a', 'nested-a', 'module-a', 'shared-a', 'sw', 'utf8bom-a'];
/** The Frame column's first words for each socket: the kind of worker that opened it. */
const KIND_LABEL: Record<string, string> = { sw: 'service worker', 'shared-a': 'shared worker' };

let server: TestServer;
let browser: BrowserUnderTest;
let pageA: TestPage;
let pageB: TestPage;
let panelA: TestPage;
let shownA: PanelConnection[];
let shownB: PanelConnection[];
let withExtension: unknown;
let without: unknown;

interface Results {
  errors: string[];
  results: Record<string, unknown>;
  pageMessages: unknown[];
}

async function resultsOf(page: TestPage, keys: string[], swMessage: boolean): Promise<Results> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await page.evaluate(() => ({ errors: (window as any).__errors, results: (window as any).__results, pageMessages: (window as any).__pageMessages }));
    if (r.errors.length > 0 || (keys.every((k) => k in r.results) && (!swMessage || r.pageMessages.length > 0))) return r;
    if (Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the workers saw, with this run's port taken out. */
function normalised(r: Results, port: number): unknown {
  return JSON.parse(JSON.stringify(r).replaceAll(`:${port}`, ':PORT'));
}

beforeAll(async () => {
  server = await startTestServer();
  // The reference: the same pages in the same browser without the extension.
  const plain = await launchPlainBrowser(browserUnderTestName());
  try {
    const a = await plain.newPage();
    await a.goto(server.url('/workers/http.html?tab=a&sw=1'));
    without = normalised(await resultsOf(a, ['classic', 'module', 'shared', 'utf8', 'utf16'], true), server.port);
  } finally {
    await plain.close();
  }
  server.clearLog();

  browser = await launchBrowserUnderTest();
  pageA = await browser.newPage();
  await pageA.goto(server.url('/workers/http.html?tab=a&sw=1'));
  withExtension = normalised(await resultsOf(pageA, ['classic', 'module', 'shared', 'utf8', 'utf16'], true), server.port);
  pageB = await browser.newPage();
  await pageB.goto(server.url('/workers/http.html?tab=b'));
  await resultsOf(pageB, ['classic', 'module', 'shared', 'utf8', 'utf16'], false);
  for (const name of [...TAB_A, 'shared-b']) await server.waitForFrames({ path: `/w/${name}` }, 4, 10_000);

  panelA = await browser.openPanel(pageA);
  if (firefox) {
    await waitForPaths(panelA, TAB_A.map((n) => `/w/${n}`)).catch(() => undefined); // the tests name what is missing
    for (const name of TAB_A) await waitForCounts(panelA, `/w/${name}`, 2, 2, 5_000).catch(() => undefined);
  } else await new Promise((resolve) => setTimeout(resolve, 1500));
  shownA = await readPanel(panelA);
  const panelB = await browser.openPanel(pageB);
  if (firefox) for (const name of ['shared-a', 'shared-b']) await waitForCounts(panelB, `/w/${name}`, 2, 2, 10_000).catch(() => undefined);
  else await new Promise((resolve) => setTimeout(resolve, 1500));
  shownB = await readPanel(panelB);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`sockets in http(s) workers (${browserUnderTestName()})`, () => {
  it('the workers see exactly what they see without the extension (location, strict mode, relative URLs, CSP, service worker messages)', () => {
    const r = withExtension as Results;
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.results).sort()).toEqual(['classic', 'module', 'shared', 'utf16', 'utf8']);
    expect(r.results.utf8).toEqual({ strict: true, text: 'naïve café ✓', received: ['naïve café ✓', '239,187,191,1'] });
    expect(r.results.classic).toMatchObject({ strict: true, fetched: 'relative fetch ok', location: expect.stringContaining('/workers/classic-worker.js?tab=a') });
    expect(r.results.module).toMatchObject({ depName: 'module-dep', fetched: 'relative fetch ok' });
    expect(r.pageMessages).toEqual([{ from: 'sw', received: ['sw text', 'binary:sw bytes'] }]);
    expect(withExtension).toEqual(without);
  });

  if (firefox) {
    for (const name of TAB_A) {
      it(`socket of worker "${name}": in the panel before DevTools opened, every message exact`, () => {
        const conn = connectionByPath(shownA, `/w/${name}`);
        expectSameAsWire(conn, wireFrames(server, { path: `/w/${name}` }), name);
        expect(conn.messages).toHaveLength(4);
        expect(conn.frame.trim(), `${name}: Frame column`).toBe(KIND_LABEL[name] ?? 'worker');
      });
    }

    it('a worker script with a UTF-16 byte order mark runs as without the extension, and with the hook when it runs at all', () => {
      const ran = (without as Results).results.utf16 as { received?: unknown };
      console.info(`${browserUnderTestName()} ran a worker script with a UTF-16LE BOM: ${JSON.stringify(ran)}`);
      if (ran.received) {
        const conn = connectionByPath(shownA, '/w/utf16bom-a');
        expectSameAsWire(conn, wireFrames(server, { path: '/w/utf16bom-a' }), 'utf16bom-a');
      } else expect(shownA.map((c) => pathOf(c.url))).not.toContain('/w/utf16bom-a');
    });

    for (const [name, text] of [['sw', 'panel to the service worker socket'], ['classic-a', 'panel to the dedicated worker socket']]) {
      it(`Send on the "${name}" socket goes out through the worker's own socket, exactly`, async () => {
        await selectConnection(panelA, connectionByPath(shownA, `/w/${name}`).id);
        await panelA.waitFor({ role: 'region', name: 'Composer' });
        await panelA.click({ role: 'radio', name: 'Text' });
        await panelA.fill({ role: 'textbox', name: 'Message to send' }, text);
        await panelA.click({ role: 'button', name: 'Send' });
        const got = await server.waitForFrames({ path: `/w/${name}`, direction: 'received' }, 3, 10_000);
        expect(got[2]).toMatchObject({ isBinary: false, text });
        // Driving the composer through Firefox's BiDi took 18-42 s here (the send itself is immediate).
      }, 120_000);
    }

    it("the second tab using the shared worker shows the shared worker's sockets (its own and tab a's, replayed), exact, and none of tab a's own workers", () => {
      for (const name of ['shared-a', 'shared-b']) {
        const conn = connectionByPath(shownB, `/w/${name}`);
        expectSameAsWire(conn, wireFrames(server, { path: `/w/${name}` }), `tab b: ${name}`);
        expect(conn.messages).toHaveLength(4);
      }
      const paths = shownB.map((c) => pathOf(c.url));
      for (const own of ['classic-a', 'nested-a', 'module-a']) expect(paths).not.toContain(`/w/${own}`);
    });
  } else {
    it('Chrome: http(s) worker sockets are not captured without deep capture', () => {
      const paths = [...shownA, ...shownB].map((c) => pathOf(c.url));
      expect(paths.filter((p) => p.startsWith('/w/'))).toEqual([]);
    });
  }
});
