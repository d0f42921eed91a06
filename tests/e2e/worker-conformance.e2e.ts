/**
 * Differential conformance inside workers (issue 14): the battery of tests/fixtures/pages/
 * conformance.js runs in a blob: classic worker, a blob: module worker and a data: worker, in the browser under test
 * without the extension and with it; every check must read the same. The worker also reports
 * every message it saw before the battery (a port handover that leaked would show there). The
 * page battery itself now covers Worker, SharedWorker and URL.createObjectURL too (conformance.e2e.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { launchPlainBrowser } from './support/plain-browser';

// Chromium has no data: shared workers (an `error` event natively too), so the data: shared worker
// runner ('data-shared' in conformance-worker.js) runs in Firefox only.
const KINDS = ['blob-classic', 'blob-module', 'data-classic', ...(browserUnderTestName() === 'firefox' ? ['data-shared'] : [])];

let server: TestServer;
const native: Record<string, Record<string, unknown>> = {};
const hooked: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/proto-echo', { echo: true, protocol: (offered) => (offered.includes('chat') ? 'chat' : false) });
  const plain = await launchPlainBrowser(browserUnderTestName());
  try {
    for (const kind of KINDS) {
      const page = await plain.newPage();
      await page.goto(server.url('/conformance-worker.html'));
      native[kind] = await page.evaluate((k) => (window as any).runConformanceInWorker(k), kind);
    }
  } finally {
    await plain.close();
  }
  const withExtension = await launchBrowserUnderTest();
  try {
    let page = undefined as unknown as Awaited<ReturnType<typeof withExtension.newPage>>;
    for (const kind of KINDS) {
      // One page per kind: the hooked run keeps every worker's panel record in this tab.
      page = await withExtension.newPage();
      await page.goto(server.url('/conformance-worker.html'));
      hooked[kind] = await page.evaluate((k) => (window as any).runConformanceInWorker(k), kind);
    }
    // The hook really ran in those workers (else the comparison would prove nothing): the panel
    // lists the batteries' sockets, labelled as workers'.
    const panel = await withExtension.openPanel(page);
    await panel.waitForFunction(
      (n) => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id] [data-context]').length >= n,
      10,
      { timeout: 20_000 },
    );
  } finally {
    await withExtension.close();
  }
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe(`conformance inside workers (${browserUnderTestName()})`, () => {
  for (const kind of KINDS) {
    it(`${kind}: every check reads the same with the hook as without it`, () => {
      const a = native[kind];
      const b = hooked[kind];
      expect(Object.keys(a).length).toBeGreaterThanOrEqual(45);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      const differences = Object.keys(a).filter((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
      expect(
        differences.map((name) => ({ name, native: a[name], hooked: b[name] })),
        'checks that differ with the extension installed',
      ).toEqual([]);
    });
  }

  it('the reference runs exercised real behaviour', () => {
    for (const kind of KINDS) {
      expect(native[kind]['send in CONNECTING'], kind).toMatchObject({ threw: { name: 'InvalidStateError' } });
      expect(native[kind]['worker messages seen'], kind).toEqual([['run', 0]]);
      expect(native[kind]['worker global'], kind).toEqual(['function', 'function', kind === 'data-shared' ? 'undefined' : 'function']);
    }
  });
});
