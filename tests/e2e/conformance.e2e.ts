/**
 * Differential conformance: one battery of WebSocket API checks (tests/fixtures/pages/
 * conformance.js) runs in the browser under test without the extension and with it; the page
 * must not be able to tell the difference. Each check is compared on its own, so a failure names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { launchPlainBrowser } from './support/plain-browser';

let server: TestServer;
let native: Record<string, unknown>;
let hooked: Record<string, unknown>;

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/proto-echo', { echo: true, protocol: (offered) => (offered.includes('chat') ? 'chat' : false) });
  const plain = await launchPlainBrowser(browserUnderTestName());
  try {
    const page = await plain.newPage();
    await page.goto(server.url('/conformance.html'));
    native = await page.evaluate(() => (window as any).runConformanceBattery());
  } finally {
    await plain.close();
  }
  const withExtension = await launchBrowserUnderTest();
  try {
    const page = await withExtension.newPage();
    await page.goto(server.url('/conformance.html'));
    hooked = await page.evaluate(() => (window as any).runConformanceBattery());
    // The hook really was installed in this run (else the comparison would prove nothing):
    // the panel shows the battery's sockets.
    const panel = await withExtension.openPanel(page);
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length >= 10, undefined, { timeout: 15_000 });
  } finally {
    await withExtension.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe(`conformance (${browserUnderTestName()})`, () => {
  it('runs the whole battery on both sides', () => {
    expect(Object.keys(native).length).toBeGreaterThanOrEqual(45);
    expect(Object.keys(hooked).sort()).toEqual(Object.keys(native).sort());
  });

  it('every check reads the same with the hook as without it', () => {
    const differences = Object.keys(native).filter((name) => JSON.stringify(native[name]) !== JSON.stringify(hooked[name]));
    expect(
      differences.map((name) => ({ name, native: native[name], hooked: hooked[name] })),
      'checks that differ with the extension installed',
    ).toEqual([]);
  });

  it('the battery exercised real behaviour (sanity of the reference run)', () => {
    expect(native['call without new']).toMatchObject({ threw: { name: 'TypeError' } });
    expect(native['send in CONNECTING']).toMatchObject({ threw: { name: 'InvalidStateError' } });
    expect(native['close(1001)']).toMatchObject({ threw: { name: 'InvalidAccessError' } });
    expect(native['close(3000, long reason)']).toMatchObject({ threw: { name: 'SyntaxError' } });
    expect((native['class extends WebSocket'] as any).field).toBe('kept');
    // (Firefox runs capture listeners at the target first, Chromium in registration order.)
    expect((native['listener order and options'] as string[]).slice(0, 5).sort()).toEqual(['A', 'B-once', 'C-signal', 'D-capture', 'on']);
    expect((native['instance'] as any).ownNames).toEqual([]);
  });
});
