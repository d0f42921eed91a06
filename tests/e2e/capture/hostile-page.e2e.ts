/**
 * Issue "The capture hook: invisible, complete": a hostile page cannot break capture or make the
 * hook throw.
 *
 * Tab A (capture/hostile.html) holds one iframe per override case (capture/hostile-case.html):
 * after its override, each case page opens a socket and exchanges text, multi-byte text,
 * ArrayBuffer, views, DataView and Blob messages (received as Blobs, then as ArrayBuffers) with
 * the server, and closes. For every case: the page's own code still works (its listeners got
 * exactly what the server sent, no error or unhandled rejection, none of its overrides was ever
 * called: the page calls only the natives it kept, so a call would be the hook's), and the panel
 * shows every frame with exact bytes, as the server logged them.
 *
 * Tab A's top page also forges the hook's channel every way it can (see hostile.html), while
 * tab B (capture/hostile-peer.html) is an ordinary page with its own panel: no forged connection
 * or message appears in either panel, each tab's real traffic is in its own panel only, and the
 * page's own message listeners never see the hook's handshake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { connectionByPath, expectSameAsWire, pathOf, readPanel, shownBytes, sleep, waitForPaths, wireFrames, type PanelConnection } from './capture-support';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';

const CASES = [
  'addEventListener',
  'postMessage',
  'JSON',
  'array-methods',
  'array-iterator',
  'array-iterator-getter',
  'array-index-setters',
  'function-prototype',
  'blob',
  'text-codec',
  'promise',
  'promise-species',
  'typed-arrays',
  'events',
  'object-setters',
  'websocket-freeze',
  'websocket-pristine',
  'websocket-wrapper',
  'websocket-proxy',
  'websocket-subclass',
] as const;
/** Cases whose page also uses WebSocketStream (where the browser has it). */
const STREAM_CASES = ['array-index-setters', 'object-setters'];

let server: TestServer;
let browser: BrowserUnderTest;
let pageA: TestPage;
let pageB: TestPage;
let panelA: PanelConnection[];
let panelB: PanelConnection[];
let results: Record<string, any>;
let hasStream: boolean;

beforeAll(async () => {
  server = await startTestServer();
  for (const name of CASES) server.ws(`/h/${name}`, { echo: true, sendOnConnect: [`srv-text ${name}`, { binary: [0, 1, 2, 254, 255] }] });
  browser = await launchBrowserUnderTest();
  pageB = await browser.newPage();
  await pageB.goto(server.url('/capture/hostile-peer.html'));
  pageA = await browser.newPage();
  // Forgeries carry the dialect's current version: refused for being forged, not for being outdated.
  await pageA.goto(server.url(`/capture/hostile.html?dialect=${HOOK_DIALECT_VERSION}&cases=${CASES.join(',')}`));
  hasStream = await pageA.evaluate(() => typeof (window as any).WebSocketStream === 'function');

  // Every case page finishes (or the deadline passes: the per-case tests then say which did not).
  const deadline = Date.now() + 15_000;
  for (;;) {
    results = await pageA.evaluate((names: string[]) => Object.fromEntries(names.map((n) => [n, (window as any).collectCase(n)])), [...CASES]);
    const forged = await pageA.evaluate(() => (window as any).__forgery.done);
    if ((forged && CASES.every((n) => results[n]?.done)) || Date.now() > deadline) break;
    await sleep(100);
  }
  await server.waitForFrames({ path: '/a-top' }, 4);
  await server.waitForFrames({ path: '/b-peer' }, 4);
  await server.waitForFrames({ path: '/a-blank' }, 4);

  const [a, b] = [await browser.openPanel(pageA), await browser.openPanel(pageB)];
  // Missing connections are reported by the tests below, each with its own name.
  await waitForPaths(b, ['/b-peer']).catch(() => undefined);
  await waitForPaths(a, ['/a-top', '/a-blank', ...CASES.filter((n) => results[n]?.opened).map((n) => `/h/${n}`)], 8_000).catch(() => undefined);
  await sleep(300); // anything forged that was going to arrive has arrived
  panelA = await readPanel(a);
  panelB = await readPanel(b);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What the page must have received on /h/NAME: the server's sent frames, as the page logs them. */
function expectedReceived(path: string): Record<string, string> {
  const sent = server.frames({ path, direction: 'sent' });
  return Object.fromEntries(sent.map((f, i) => [String(i), f.isBinary ? `b:${f.data.toString('hex')}` : `t:${f.text}`]));
}

describe(`hostile page (${browserUnderTestName()})`, () => {
  for (const name of CASES) {
    it(`override "${name}": the page still works and the panel shows every frame exactly`, () => {
      const r = results[name];
      expect(r, `case ${name} did not load`).toBeTruthy();
      // The page's own code.
      // No override ever ran: not called by the hook (a stack with an extension frame: `touched`),
      // nor by the browser on anyone's behalf (`touchedByBrowser`). The first caller's stack of
      // each is in `stacks`, which the failure output shows.
      expect(
        { errors: r.errors, touched: r.touched, touchedByBrowser: r.touchedByBrowser, stacks: r.stacks, pageMessages: r.pageMessages },
        'errors, calls of the overrides, message events',
      ).toEqual({ errors: {}, touched: {}, touchedByBrowser: {}, stacks: {}, pageMessages: 0 });
      expect(r.done, 'the page finished its exchange').toBe(true);
      expect(r.closed).toBe('1000 done true');
      const path = `/h/${name}`;
      expect(r.receivedCount).toBe(9);
      expect(r.received, 'what the page listeners got = what the server sent').toEqual(expectedReceived(path));
      expect(server.frames({ path, direction: 'received' })).toHaveLength(7);

      // The panel: every frame, exact bytes, closed cleanly.
      const conn = connectionByPath(panelA, path);
      expect(conn.state).toBe('closed');
      expect(conn.close).toBe('1000 done (clean)');
      expectSameAsWire(conn, wireFrames(server, { path }), name);
      if (name === 'websocket-pristine') expect(conn.frameUrl).toBe('about:blank');
      else expect(conn.frameUrl).toBe(server.url(`/capture/hostile-case.html?case=${name}`));

      if (STREAM_CASES.includes(name) && hasStream) {
        expect(r.stream).toMatchObject({ done: true, protocol: 'p1', closed: '1000 done' });
        expect(r.stream.error).toBeUndefined();
        const streamPath = `${path}-stream`;
        expect(r.stream.first).toBe(`t:stream text ${name}`);
        expect(r.stream.second).toBe('b:070700ff');
        const stream = connectionByPath(panelA, streamPath);
        expect(stream.protocol).toBe('p1 → p1');
        expectSameAsWire(stream, wireFrames(server, { path: streamPath }), `${name} (WebSocketStream)`);
      }
    });
  }

  it('lists exactly the real connections of each tab, and nothing forged', async () => {
    // The forgeries were of the dialect's current version (so the version check did not stop them).
    expect(await pageA.evaluate(() => (window as any).__forgery.dialect)).toBe(HOOK_DIALECT_VERSION);
    const expectedA = ['/a-top', '/a-blank', ...CASES.map((n) => `/h/${n}`), ...(hasStream ? STREAM_CASES.map((n) => `/h/${n}-stream`) : [])].sort();
    expect(panelA.map((c) => pathOf(c.url)).sort()).toEqual(expectedA);
    expect(panelB.map((c) => pathOf(c.url))).toEqual(['/b-peer']);
    for (const conn of [...panelA, ...panelB]) {
      expect(conn.url).not.toContain('forged');
      expect(conn.close).not.toContain('4666');
      for (const m of conn.messages ?? []) {
        expect(m.preview).not.toContain('FORGED');
        expect(shownBytes(m).toString('utf8')).not.toContain('FORGED');
      }
    }
  });

  it("keeps each tab's real traffic in its own panel only", async () => {
    const top = connectionByPath(panelA, '/a-top');
    expectSameAsWire(top, wireFrames(server, { path: '/a-top' }), 'tab A /a-top');
    expect(top.frame).toBe('top');
    const blank = connectionByPath(panelA, '/a-blank');
    expectSameAsWire(blank, wireFrames(server, { path: '/a-blank' }), 'tab A /a-blank (forged-into about:blank frame)');
    expect(blank.frameUrl).toBe('about:blank');
    const peer = connectionByPath(panelB, '/b-peer');
    expectSameAsWire(peer, wireFrames(server, { path: '/b-peer' }), 'tab B /b-peer');
    expect(peer.frame).toBe('top');
    // The page's own code on tab A still got its echoes despite its forgeries.
    const top$ = await pageA.evaluate(() => ({ top: (window as any).__top, errors: (window as any).__errors }));
    expect(top$.errors).toEqual([]);
    expect(top$.top.received).toEqual(['t:a-top text', 'b:0a7009ff']);
  });

  it("never shows the hook's handshake to the page's own message listeners", async () => {
    const seen: Array<{ how: string; trusted: boolean; tagged: boolean; ports: number; mine: boolean }> = await pageA.evaluate(() => (window as any).__seen);
    // Every tagged message or port the page's listeners ever saw is one the page sent itself.
    expect(seen.filter((e) => (e.tagged || e.ports > 0) && !e.mine)).toEqual([]);
    // The page's own synthetic tagged events reach its own listeners as they would without the
    // extension (the bridge must not treat them as the hook's), in all three listener kinds.
    const kinds = new Set(['capture', 'bubble', 'onmessage']);
    const ownSynthetic = seen.filter((e) => !e.trusted && e.tagged && e.ports === 1);
    expect(new Set(ownSynthetic.map((e) => e.how))).toEqual(kinds);
    // So do the tagged messages it posts itself (3 rounds x 2 tags).
    const ownPosted = seen.filter((e) => e.trusted && e.tagged && e.ports === 1);
    expect(ownPosted.length).toBe(3 * 2 * kinds.size);
  });
});
