/**
 * Issue "The capture hook: invisible, complete": the handshake's HTTP facts, which page
 * JavaScript never sees, in the connection's details (select the connection, no message: the
 * "Connection details" pane).
 *
 * capture/handshake.html is served with a Set-Cookie header and sets a cookie of its own, then
 * opens /hs with two sub-protocols (the server picks one), /denied (the server answers 403), and
 * two sockets to the same URL /twin back to back, told apart by the sub-protocol each offers.
 * The details must show status 101, the request headers with the cookies, the response's
 * Sec-WebSocket-Protocol; the refused upgrade's status; and each twin its own headers: its own
 * offered protocol in the request and the response, and a Sec-WebSocket-Accept that answers its
 * own Sec-WebSocket-Key (so request and response really are the same exchange).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { PAGES_DIR, startTestServer, type TestServer } from '../harness/ws-server';
import { connectionByPath, readPanel, waitForPaths, type PanelConnection } from './capture-support';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let shown: PanelConnection[];

beforeAll(async () => {
  server = await startTestServer();
  const html = await readFile(join(PAGES_DIR, 'capture/handshake.html'));
  server.route('/capture/handshake.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'set-cookie': ['session=abc123; Path=/', 'js=1; Path=/'] });
    res.end(html);
  });
  server.ws('/hs', { echo: true, protocol: 'chat.v2' });
  server.ws('/denied', { rejectStatus: 403 });
  server.ws('/twin', {}); // accepts the first offered protocol
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/capture/handshake.html'));
  await page.waitForFunction(() => (window as any).__events.length >= 6);
  const panel = await browser.openPanel(page);
  await waitForPaths(panel, ['/hs', '/denied', '/twin']);
  // Handshake facts come from webRequest on their own way: read until every connection has its
  // outcome (a status, or an error for the refused one), or the time is up.
  const settled = (conns: PanelConnection[]) => conns.length === 4 && conns.every((c) => c.facts?.Status || c.facts?.['Network error']);
  for (let i = 0; i < 40; i++) {
    shown = await readPanel(panel, { connectionDetails: true, messages: false });
    if (settled(shown)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const header = (headers: [string, string][] | undefined, name: string) =>
  (headers ?? []).filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);

const acceptFor = (key: string) => createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

describe(`handshake headers (${browserUnderTestName()})`, () => {
  const firefox = browserUnderTestName() === 'firefox';

  it('the page saw what it should: an open /hs with chat.v2, a refused /denied, both twins open', async () => {
    const events: string[] = await page.evaluate(() => (window as any).__events);
    expect(events).toEqual(expect.arrayContaining(['hs open chat.v2', 'hs message hello', 'denied error', 'denied close 1006 false', 'twin open p-first', 'twin open p-second']));
    expect(server.connections.filter((c) => c.path === '/twin').map((c) => c.offeredProtocols)).toEqual([['p-first'], ['p-second']]);
  });

  it('/hs: status 101, the request with both cookies, the response with Sec-WebSocket-Protocol', () => {
    const hs = connectionByPath(shown, '/hs');
    expect(hs.facts).toMatchObject({ Status: '101 Switching Protocols', 'Sub-protocols requested': 'chat.v1, chat.v2', 'Sub-protocol negotiated': 'chat.v2' });
    expect(header(hs.requestHeaders, 'Cookie')).toEqual(['session=abc123; js=1']);
    expect(header(hs.requestHeaders, 'Origin')).toEqual([server.origin]);
    // When the upgrade was sent and answered, with how long it took.
    expect(hs.facts?.['Handshake sent']).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(hs.facts?.['Handshake answered']).toMatch(/^\d\d:\d\d:\d\d\.\d{3} \(\d+ ms\)$/);
    expect(header(hs.responseHeaders, 'Sec-WebSocket-Protocol')).toEqual(['chat.v2']);
    expect(header(hs.responseHeaders, 'Upgrade').map((v) => v.toLowerCase())).toEqual(['websocket']);
    if (firefox) {
      // Firefox reports the request as sent, with the WebSocket headers; the Accept answers the Key.
      expect(header(hs.requestHeaders, 'Sec-WebSocket-Protocol')).toEqual(['chat.v1, chat.v2']);
      const [key] = header(hs.requestHeaders, 'Sec-WebSocket-Key');
      expect(header(hs.responseHeaders, 'Sec-WebSocket-Accept')).toEqual([acceptFor(key)]);
    }
  });

  it('/denied: the refused upgrade shows what the browser reports (Firefox: 403; Chromium: only a network error)', () => {
    const denied = connectionByPath(shown, '/denied');
    expect(denied.state).toBe('error');
    expect(denied.close).toMatch(/^1006 .*\(not clean\)$/);
    expect(header(denied.requestHeaders, 'Cookie')).toEqual(['session=abc123; js=1']);
    if (firefox) {
      expect(denied.facts?.Status).toBe('403 Rejected by test');
    } else {
      // Chromium's webRequest reports no response for a refused WebSocket upgrade, only
      // onErrorOccurred (net::ERR_FAILED): the status cannot be shown, the error is.
      expect(denied.facts?.['Network error']).toBe('net::ERR_FAILED');
      expect(denied.facts?.Status).toBeUndefined();
    }
  });

  it('two sockets to the same URL, back to back, each get their own handshake', () => {
    const twins = shown.filter((c) => new URL(c.url).pathname === '/twin');
    expect(twins.map((c) => c.facts?.['Sub-protocols requested'])).toEqual(['p-first', 'p-second']);
    for (const twin of twins) {
      const own = twin.facts!['Sub-protocols requested'];
      expect(twin.facts?.Status, own).toBe('101 Switching Protocols');
      expect(twin.facts?.['Sub-protocol negotiated'], own).toBe(own);
      expect(header(twin.responseHeaders, 'Sec-WebSocket-Protocol'), `${own}: response`).toEqual([own]);
      expect(header(twin.requestHeaders, 'Cookie'), `${own}: request`).toEqual(['session=abc123; js=1']);
      if (firefox) {
        expect(header(twin.requestHeaders, 'Sec-WebSocket-Protocol'), `${own}: request`).toEqual([own]);
        const [key] = header(twin.requestHeaders, 'Sec-WebSocket-Key');
        expect(header(twin.responseHeaders, 'Sec-WebSocket-Accept'), `${own}: the response answers its own request`).toEqual([acceptFor(key)]);
      }
    }
    expect(header(twins[0].responseHeaders, 'Sec-WebSocket-Accept')).not.toEqual(header(twins[1].responseHeaders, 'Sec-WebSocket-Accept'));
  });
});
