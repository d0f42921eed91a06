/**
 * "Serve from log" (issue 17), page side, in the browser under test:
 * - differential: the conformance battery runs against the real `ws` server and is recorded;
 *   then the server refuses every upgrade, the recorded connections are served, the page reloads
 *   and runs the battery again: it must read the same, except `isTrusted` on the events Frameline
 *   dispatches (inherent: script-made events are untrusted), and no socket reaches the server;
 * - a served socket is marked in the panel, and Send / Deliver act on it;
 * - odd scripts: no server message, a connection that never opened, binary frames, a huge
 *   message, a server close; serving stopped closes served sockets (1001) and new ones go to the
 *   network again.
 * Serving is armed through the router's messages on a test port (support/serve-control.ts), not
 * through the panel's UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { connectTestPort, postToRouter, readTraffic, scriptFrom, serveScripts, socketCommand, socketNumber, type CollectedTraffic } from './support/serve-control';
import type { ServeScript } from '../../src/protocol/serve';
import { SERVE_MARKER_KEY } from '../../src/protocol/serve';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;
let tabId: number;

const APP = `<!doctype html><html><head><meta charset="utf-8"><script>
  window.got = [];
  window.app = new WebSocket('ws://' + location.host + '/app');
  app.onmessage = (e) => got.push(e.data);
  app.onopen = () => app.send('hello');
  window.openSocket = (path, binaryType) => {
    const log = [];
    const ws = new WebSocket('ws://' + location.host + path, 'chat');
    if (binaryType) ws.binaryType = binaryType;
    ws.onopen = () => log.push(['open', ws.readyState, ws.protocol, ws.extensions]);
    // The entry goes in at once (arrival order), a Blob's bytes later.
    ws.onmessage = async (e) => {
      const entry = ['message', 'blob (reading)'];
      log.push(entry);
      entry[1] = typeof e.data === 'string' ? ['text', e.data.length, e.data.slice(0, 20)]
        : e.data instanceof ArrayBuffer ? ['arraybuffer', [...new Uint8Array(e.data)]] : ['blob', [...new Uint8Array(await e.data.arrayBuffer())]];
    };
    ws.onerror = (e) => log.push(['error', ws.readyState]);
    ws.onclose = (e) => log.push(['close', e.code, e.reason, e.wasClean, ws.readyState]);
    return { ws, log };
  };
</script></head><body>app</body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/proto-echo', { echo: true, protocol: (offered) => (offered.includes('chat') ? 'chat' : false) });
  server.route('/serve-app.html', APP);
  server.ws('/app', {
    onMessage(conn, data) {
      const text = data.toString();
      if (text === 'hello') conn.send('welcome');
      if (text === 'ping') conn.send('pong');
    },
  });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/conformance.html'));
  panel = await browser.openPanel(page);
  tabId = await browser.tabIdOf(page);
  await connectTestPort(panel, tabId);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the tab's traffic has at least `count` connections whose URL starts with `prefix`, all finished. */
async function finishedConnections(prefix: string, count: number): Promise<CollectedTraffic> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const traffic = await readTraffic(panel);
    const mine = traffic.connections.filter((c) => c.url.startsWith(prefix));
    if (mine.length >= count && mine.every((c) => c.closedAt !== undefined)) return traffic;
    if (Date.now() > deadline) throw new Error(`only ${mine.filter((c) => c.closedAt !== undefined).length}/${mine.length} connections finished`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `isTrusted` of events: true for the browser's, false for any a script dispatches (Frameline's too). */
function withoutIsTrusted(value: unknown): unknown {
  const v = structuredClone(value) as any;
  v.open[1] = 'isTrusted';
  v.message.isTrusted = 'isTrusted';
  v.close.isTrusted = 'isTrusted';
  return v;
}

describe(`serve from log (${browserUnderTestName()})`, () => {
  it('the conformance battery reads the same against the recorded connections as against the real server', async () => {
    const recorded = (await page.evaluate(() => (window as any).runConformanceBattery())) as Record<string, unknown>;
    const base = `ws://127.0.0.1:${server.port}/`;
    const traffic = await finishedConnections(base, 16);
    const ofThisDocument = traffic.connections.filter((c) => c.url.startsWith(base)).sort((a, b) => socketNumber(a) - socketNumber(b));
    // As fast as possible: the battery's waits are about order, not time (and the recorded gaps
    // include the page's own timer clamping while its tab is in the background).
    const scripts: ServeScript[] = ofThisDocument.map((c, i) => scriptFrom(c, traffic.messages, `battery-${i}`, { speed: 0 }));
    // From now on the real server refuses every upgrade: only served sockets can open.
    server.ws('/echo', { rejectStatus: 503 });
    server.ws('/proto-echo', { rejectStatus: 503 });
    const connectionsBefore = server.connections.length;
    await serveScripts(panel, scripts);
    await page.waitForFunction((key) => sessionStorage.getItem(key) !== null, SERVE_MARKER_KEY, { timeout: 10_000 });

    await page.goto(server.url('/conformance.html'));
    const served = (await page.evaluate(() => (window as any).runConformanceBattery())) as Record<string, unknown>;

    expect(server.connections.length, 'sockets that reached the server while served').toBe(connectionsBefore);
    const differences = [...new Set([...Object.keys(recorded), ...Object.keys(served)])]
      .filter((name) => {
        const a = name === 'event properties' ? withoutIsTrusted(recorded[name]) : recorded[name];
        const b = name === 'event properties' ? withoutIsTrusted(served[name]) : served[name];
        return JSON.stringify(a) !== JSON.stringify(b);
      })
      .map((name) => ({ name, recorded: recorded[name], served: served[name] }));
    expect(differences, 'checks that read differently when served').toEqual([]);
    expect(Object.keys(served).sort()).toEqual(Object.keys(recorded).sort());
    // The one inherent difference: events Frameline dispatches are not trusted.
    expect((recorded['event properties'] as any).message.isTrusted).toBe(true);
    expect((served['event properties'] as any).message.isTrusted).toBe(false);
    // The battery really ran served: the echoes came back with the server refusing everything.
    expect((served['class extends WebSocket'] as any).echo).toBe('from subclass');

    // The panel marks served connections.
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-served]').length >= 10, undefined, { timeout: 15_000 });
    await postToRouter(panel, 'unserve', { id: '*' });
    await page.waitForFunction((key) => sessionStorage.getItem(key) === null, SERVE_MARKER_KEY, { timeout: 10_000 });
  }, 120_000);

  it('Send and Deliver act on a served socket; it is marked as served', async () => {
    await page.goto(server.url('/serve-app.html'));
    await page.waitForFunction(() => (window as any).got.includes('welcome'), undefined, { timeout: 10_000 });
    await page.evaluate(() => (window as any).app.send('ping'));
    await page.waitForFunction(() => (window as any).got.includes('pong'), undefined, { timeout: 10_000 });
    await page.evaluate(() => (window as any).app.close(1000, 'done'));
    const base = `ws://127.0.0.1:${server.port}/app`;
    const traffic = await finishedConnections(base, 1);
    const recorded = traffic.connections.filter((c) => c.url === base).sort((a, b) => b.createdAt - a.createdAt)[0];
    // Served without its end: the socket stays open for the commands.
    const { close: _ignored, ...script } = scriptFrom(recorded, traffic.messages, 'app');
    void _ignored;
    server.ws('/app', { rejectStatus: 503 });
    const connectionsBefore = server.connections.length;
    await serveScripts(panel, [script]);

    await page.goto(server.url('/serve-app.html'));
    await page.waitForFunction(() => (window as any).got.includes('welcome'), undefined, { timeout: 10_000 });
    const servedConn = await (async () => {
      for (let i = 0; i < 50; i++) {
        const found = (await readTraffic(panel)).connections.find((c) => c.served === 'app' && c.state === 'open');
        if (found) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('no served connection in the traffic');
    })();
    // Send: as if the page had sent it; the played server answers it.
    expect(await socketCommand(panel, { connId: servedConn.id, action: 'send', text: 'ping' })).toMatchObject({ ok: true });
    await page.waitForFunction(() => (window as any).got.includes('pong'), undefined, { timeout: 10_000 });
    // Deliver: to the page's listeners.
    expect(await socketCommand(panel, { connId: servedConn.id, action: 'deliver', text: 'from the panel' })).toMatchObject({ ok: true });
    await page.waitForFunction(() => (window as any).got.includes('from the panel'), undefined, { timeout: 10_000 });
    expect(server.connections.length).toBe(connectionsBefore);
    await panel.waitForFunction(
      (id) => document.querySelector(`[aria-label="Connections"] [role="row"][data-conn-id="${id}"]`)?.getAttribute('data-served') === 'app',
      servedConn.id,
      { timeout: 10_000 },
    );

    // Serving stops: the served socket closes as a server going away, and new sockets use the network.
    server.ws('/app', { onMessage: (conn, data) => data.toString() === 'hello' && conn.send('welcome') });
    await postToRouter(panel, 'unserve', { id: 'app' });
    await page.waitForFunction(() => (window as any).app.readyState === 3, undefined, { timeout: 10_000 });
    const closed = await page.evaluate(() => new Promise((resolve) => {
      const ws = new WebSocket(`ws://${location.host}/app`);
      ws.onmessage = (e) => resolve(e.data);
      ws.onopen = () => ws.send('hello');
    }));
    expect(closed).toBe('welcome');
    expect(server.connections.length).toBe(connectionsBefore + 1);
  }, 120_000);

  it('serves odd scripts correctly or fails them clearly', async () => {
    const url = (path: string) => `ws://127.0.0.1:${server.port}${path}`;
    const base = { mode: 'conversational', speed: 1, match: { kind: 'exact' }, protocol: 'chat', extensions: '', label: 'hand-made' } as const;
    const huge = 'x'.repeat(8 * 1024 * 1024);
    const bytes = [0, 1, 2, 254, 255];
    const b64 = Buffer.from(bytes).toString('base64');
    await serveScripts(panel, [
      { ...base, id: 'empty', pattern: url('/s-empty'), frames: [] },
      { ...base, id: 'never', pattern: url('/s-never'), frames: [], close: { at: 5, code: 1006, reason: '', wasClean: false }, neverOpened: true },
      { ...base, id: 'binary', pattern: url('/s-binary*'), frames: [{ dir: 1, at: 0, base64: b64 }, { dir: 1, at: 1, text: 'after' }] },
      { ...base, id: 'huge', pattern: url('/s-huge'), frames: [{ dir: 1, at: 0, text: huge }] },
      { ...base, id: 'closes', pattern: url('/s-close'), frames: [{ dir: 1, at: 0, text: 'bye soon' }], close: { at: 10, code: 4001, reason: 'done', wasClean: true } },
      { ...base, id: 'dropped', pattern: url('/s-dropped'), frames: [], close: { at: 10, code: 1006, reason: '', wasClean: false } },
    ]);
    const connectionsBefore = server.connections.length;
    // Armed in the current document: sockets constructed from now on are served (no reload needed).
    await page.evaluate(() => {
      const w = window as any;
      w.odd = {
        empty: w.openSocket('/s-empty'),
        never: w.openSocket('/s-never'),
        blob: w.openSocket('/s-binary-blob'),
        buffer: w.openSocket('/s-binary-buffer', 'arraybuffer'),
        huge: w.openSocket('/s-huge'),
        closes: w.openSocket('/s-close'),
        dropped: w.openSocket('/s-dropped'),
      };
    });
    await page.waitForFunction(() => {
      const o = (window as any).odd;
      const read = (log: unknown) => !JSON.stringify(log).includes('blob (reading)');
      return read(o.blob.log) && o.never.log.length >= 2 && o.blob.log.length >= 3 && o.buffer.log.length >= 3 && o.huge.log.length >= 2 && o.closes.log.length >= 3 && o.dropped.log.length >= 3 && o.empty.log.length >= 1;
    }, undefined, { timeout: 20_000 });
    const logs = await page.evaluate(() => {
      const o = (window as any).odd;
      o.empty.ws.send('nobody answers this');
      return Object.fromEntries(Object.entries(o).map(([k, v]: [string, any]) => [k, v.log]));
    });
    expect(logs.empty).toEqual([['open', 1, 'chat', '']]);
    expect(logs.never).toEqual([['error', 3], ['close', 1006, '', false, 3]]);
    expect(logs.blob).toEqual([['open', 1, 'chat', ''], ['message', ['blob', bytes]], ['message', ['text', 5, 'after']]]);
    expect(logs.buffer).toEqual([['open', 1, 'chat', ''], ['message', ['arraybuffer', bytes]], ['message', ['text', 5, 'after']]]);
    expect(logs.huge).toEqual([['open', 1, 'chat', ''], ['message', ['text', huge.length, 'x'.repeat(20)]]]);
    expect(logs.closes).toEqual([['open', 1, 'chat', ''], ['message', ['text', 8, 'bye soon']], ['close', 4001, 'done', true, 3]]);
    expect(logs.dropped).toEqual([['open', 1, 'chat', ''], ['error', 3], ['close', 1006, '', false, 3]]);
    expect(await page.evaluate(() => (window as any).odd.empty.ws.readyState)).toBe(1);
    expect(server.connections.length).toBe(connectionsBefore);
    await postToRouter(panel, 'unserve', { id: '*' });
    await page.waitForFunction(() => (window as any).odd.empty.ws.readyState === 3, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).odd.empty.log.at(-1))).toEqual(['close', 1001, '', true, 3]);
  }, 120_000);
});
