/**
 * Issue 14: the WebSocket conformance battery (tests/fixtures/pages/conformance.js) run inside an
 * http(s) classic, module and shared worker (workers/conformance.html) gives the same results
 * with and without the extension: a worker cannot tell the hook the network path put in front of
 * its script. In Firefox the hook really was there (else the comparison would prove nothing): the
 * panel shows the battery's sockets. In Chrome http(s) workers get no hook without deep capture,
 * so there the comparison checks that the page-side Worker / SharedWorker wrappers change nothing;
 * a third run turns Deep capture on for the origin, which puts the worker hook into the classic and
 * module workers by Runtime.evaluate (the panel shows their sockets as the hook's, not cdp- ones)
 * and watches the shared worker through the Network domain: the battery must read the same there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { launchPlainBrowser } from '../support/plain-browser';
import type { ChromiumSession } from '../harness/chromium';

const KINDS = ['classic', 'module', 'shared'] as const;
const firefox = browserUnderTestName() === 'firefox';

let server: TestServer;
const native: Record<string, Record<string, unknown>> = {};
const hooked: Record<string, Record<string, unknown>> = {};
const panelSockets: Record<string, number> = {};
/** Chromium with Deep capture on: the battery's results, and the sockets the panel shows from hooks (not cdp-). */
const deep: Record<string, Record<string, unknown>> = {};
const deepHookSockets: Record<string, number> = {};

/** Rows of the panel's connection list: all of them, and those not watched through the debugger. */
async function panelRows(panel: TestPage): Promise<{ all: number; hooked: number }> {
  return panel.evaluate(() => {
    const ids = [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')].map((r) => r.getAttribute('data-conn-id') ?? '');
    return { all: ids.length, hooked: ids.filter((id) => !id.startsWith('cdp-')).length };
  });
}

async function battery(page: TestPage, kind: string): Promise<Record<string, unknown>> {
  await page.goto(server.url(`/workers/conformance.html?kind=${kind}`));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await page.evaluate(() => (window as any).__battery);
    if (result !== undefined && result !== null) return result;
    if (Date.now() > deadline) throw new Error(`the ${kind} worker's battery did not finish`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/proto-echo', { echo: true, protocol: (offered) => (offered.includes('chat') ? 'chat' : false) });
  const plain = await launchPlainBrowser(browserUnderTestName());
  try {
    for (const kind of KINDS) native[kind] = await battery(await plain.newPage(), kind);
  } finally {
    await plain.close();
  }
  const browser = await launchBrowserUnderTest();
  try {
    for (const kind of KINDS) {
      const page = await browser.newPage();
      hooked[kind] = await battery(page, kind);
      if (firefox) {
        const panel = await browser.openPanel(page);
        await panel
          .waitForFunction(() => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length >= 10, undefined, { timeout: 15_000 })
          .catch(() => undefined);
        panelSockets[kind] = await panel.evaluate(() => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length);
        await panel.close();
      }
    }
  } finally {
    await browser.close();
  }
  if (firefox) return;
  const withDeep = await launchBrowserUnderTest();
  try {
    // Deep capture remembered for the test origin: every navigation to it attaches the debugger first.
    const sw = await (withDeep.session as ChromiumSession).getServiceWorker();
    await sw.evaluate((origin) => (globalThis as any).chrome.storage.local.set({ deepCaptureOrigins: [origin] }), server.origin);
    for (const kind of KINDS) {
      const page = await withDeep.newPage();
      // On the origin first, so the debugger is attached before the battery's page starts its worker.
      await page.goto(server.url('/workers/data.txt'));
      await new Promise((r) => setTimeout(r, 500));
      deep[kind] = await battery(page, kind);
      const panel = await withDeep.openPanel(page);
      await panel
        .waitForFunction(() => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length >= 10, undefined, { timeout: 15_000 })
        .catch(() => undefined);
      deepHookSockets[kind] = (await panelRows(panel)).hooked;
      await panel.close();
      await page.close();
    }
  } finally {
    await withDeep.close();
  }
}, 420_000);

afterAll(async () => {
  await server?.close();
});

describe(`conformance battery inside http(s) workers (${browserUnderTestName()})`, () => {
  for (const kind of KINDS) {
    it(`${kind} worker: the battery ran (many checks, no worker error)`, () => {
      expect(native[kind].workerError).toBeUndefined();
      expect(Object.keys(native[kind]).length).toBeGreaterThan(30);
    });

    it(`${kind} worker: every check gives the same result with the extension`, () => {
      expect(Object.keys(hooked[kind]).sort()).toEqual(Object.keys(native[kind]).sort());
      for (const name of Object.keys(native[kind])) expect(hooked[kind][name], `${kind}: ${name}`).toEqual(native[kind][name]);
    });

    if (firefox) {
      it(`${kind} worker: the hook was in the worker (the panel shows the battery's sockets)`, () => {
        expect(panelSockets[kind]).toBeGreaterThanOrEqual(10);
      });
    } else {
      it(`${kind} worker with Deep capture on: every check gives the same result`, () => {
        expect(Object.keys(deep[kind]).sort()).toEqual(Object.keys(native[kind]).sort());
        for (const name of Object.keys(native[kind])) expect(deep[kind][name], `${kind} (Deep capture): ${name}`).toEqual(native[kind][name]);
      });

      it(`${kind} worker with Deep capture on: ${kind === 'shared' ? 'watched through the Network domain (no hook)' : 'the hook was in the worker (the panel shows the battery\'s sockets as the hook\'s)'}`, () => {
        if (kind === 'shared') expect(deepHookSockets[kind]).toBe(0);
        else expect(deepHookSockets[kind]).toBeGreaterThanOrEqual(10);
      });
    }
  }
});
