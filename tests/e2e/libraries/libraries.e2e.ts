/**
 * Real client libraries, unchanged, under the capture hook, each against its real server:
 * socket.io-client / socket.io, graphql-ws / graphql-ws server, MQTT.js / aedes, @stomp/stompjs /
 * a STOMP 1.2 server, sockjs-client / sockjs, reconnecting-websocket / a ws server restarted on
 * the same port.
 *
 * Each page loads the library's own browser bundle from node_modules, drives a realistic exchange
 * and records on `window.result` what the library did (it must work as without the hook). A
 * recording proxy between page and server logs every frame on the wire; the panel must list
 * every connection the library opened and show, per connection, the same messages: count,
 * direction, order per direction, text/binary, size and bytes.
 *
 * One browser for the whole file; one page (and one panel tab) per library.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { waitForConnections } from '../support/panel-reader';
import { checkConnection, pairConnections } from './panel-vs-wire';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';
import {
  startGraphqlWsServer,
  startMqttBroker,
  startRestartableWsServer,
  startSocketIoServer,
  startSockJsServer,
  startStompServer,
  type RestartableWsServer,
} from './servers';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const BROWSER = process.env.FRAMELINE_BROWSER_UNDER_TEST ?? 'chromium';

/** Browser bundles, straight from node_modules. */
const BUNDLES: Record<string, string> = {
  '/lib/socket.io.min.js': 'node_modules/socket.io-client/dist/socket.io.min.js',
  '/lib/graphql-ws.min.js': 'node_modules/graphql-ws/umd/graphql-ws.min.js',
  '/lib/mqtt.min.js': 'node_modules/mqtt/dist/mqtt.min.js',
  '/lib/stomp.umd.min.js': 'node_modules/@stomp/stompjs/bundles/stomp.umd.min.js',
  '/lib/sockjs.min.js': 'node_modules/sockjs-client/dist/sockjs.min.js',
  '/lib/reconnecting-websocket.min.js': 'node_modules/reconnecting-websocket/dist/reconnecting-websocket-iife.min.js',
};

let web: TestServer;
let browser: BrowserUnderTest;

beforeAll(async () => {
  web = await startTestServer();
  for (const [path, file] of Object.entries(BUNDLES)) web.route(path, await readFile(resolve(ROOT, file)), 'text/javascript; charset=utf-8');
  browser = await launchBrowserUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

type PageResult = Record<string, any>;

/** Waits for the page's `window.result` to say done (or fail with the page's error). */
async function pageResult(page: TestPage, timeout = 15_000): Promise<PageResult> {
  await page.waitForFunction(() => (window as any).result?.done || (window as any).result?.error, undefined, { timeout }).catch(() => undefined);
  const result = await page.evaluate(() => (window as any).result as PageResult);
  if (result?.error) throw new Error(`the page says: ${result.error}`);
  if (!result?.done) throw new Error(`the page did not finish: ${JSON.stringify(result)}`);
  return result;
}

/** Panel rows and proxy records of every connection, after the panel lists all of them. */
async function connectionsOf(panel: TestPage, proxy: RecordingProxy) {
  await waitForConnections(panel, proxy.connections.length);
  return pairConnections(panel, proxy);
}

/** Every connection's messages in the panel equal the wire log. */
async function expectPanelToMatchWire(panel: TestPage, proxy: RecordingProxy) {
  const problems: string[] = [];
  for (const { row, conn } of await connectionsOf(panel, proxy)) problems.push(...(await checkConnection(panel, row, conn)));
  expect(problems).toEqual([]);
}

/** "CODE REASON (clean|not clean)" as the panel's Close column shows it. */
function closeCodeOf(close: string): number | undefined {
  const m = /^(\d+)/.exec(close);
  return m ? Number(m[1]) : undefined;
}

/**
 * Each closed connection's close code in the panel equals the one on the page's leg of the wire,
 * and its state is "closed" (or "error" for the connections listed in `errored`: those whose page
 * saw an error event, which browsers fire when a socket they were closing is dropped).
 */
async function expectCloseCodesToMatchWire(panel: TestPage, proxy: RecordingProxy, errored: number[] = []) {
  for (const { row, conn } of await connectionsOf(panel, proxy)) {
    if (conn.failed || !conn.pageClose) continue;
    // Everything about the close on both sides, so that a mismatch explains itself.
    const wire = `page leg ${conn.pageClose.code} "${conn.pageClose.reason}" (by ${conn.pageClose.by}); first close by ${conn.closedBy} ${conn.closeCode} "${conn.closeReason}"`;
    expect({ url: conn.url, state: row.state, code: closeCodeOf(row.close), panel: row.close, wire }).toEqual({
      url: conn.url,
      state: errored.includes(conn.id) ? 'error' : 'closed',
      code: conn.pageClose.code,
      panel: row.close,
      wire,
    });
  }
}

interface LibraryPage<S> {
  server: S;
  proxy: RecordingProxy;
  page: TestPage;
  panel: TestPage;
  result: PageResult;
}

/**
 * The shape every library case shares: its real server behind a recording proxy (the wire's
 * truth), the library's page run to its end, and a panel opened afterwards (so everything shown
 * was kept from before DevTools opened). Fields are set in the describe's beforeAll.
 */
function useLibraryPage<S extends { origin: string; close(): Promise<void> }>(start: () => Promise<S>, pagePath: (proxy: RecordingProxy) => string): LibraryPage<S> {
  const lib = {} as LibraryPage<S>;
  beforeAll(async () => {
    lib.server = await start();
    lib.proxy = await startRecordingProxy(lib.server.origin);
    lib.page = await browser.newPage();
    await lib.page.goto(web.url(pagePath(lib.proxy)));
    lib.result = await pageResult(lib.page);
    await lib.proxy.settle();
    lib.panel = await browser.openPanel(lib.page);
  });
  afterAll(async () => {
    await lib.panel?.close();
    await lib.page?.close();
    await lib.proxy?.close();
    await lib.server?.close();
  });
  return lib;
}

describe(`socket.io-client with a socket.io server (${BROWSER})`, () => {
  const lib = useLibraryPage(startSocketIoServer, (proxy) => `/libraries/socket-io.html?server=${encodeURIComponent(proxy.origin)}`);

  it('works unchanged: events with JSON arguments, an ack, binary both ways, a broadcast', () => {
    expect(lib.result.connected).toEqual([true, true]);
    expect(lib.result.welcome).toEqual(
      expect.arrayContaining([expect.objectContaining({ label: 'a', name: null }), expect.objectContaining({ label: 'b', name: 'second' })]),
    );
    expect(lib.result.ack).toEqual({ sum: 42 });
    expect(lib.result.upload).toEqual({ meta: { name: 'blob.bin', size: 6 }, bytes: [255, 254, 253, 2, 1, 0] });
    expect(lib.result.news.map((n: any) => [n.label, n.text]).sort()).toEqual([
      ['a', 'to everyone'],
      ['b', 'to everyone'],
    ]);
    expect(lib.result.closed).toBe(true);
    expect(lib.server.seen).toEqual([
      ['chat', { text: 'héllo ✓', n: 1, tags: ['a', 'b'] }, [1, 2, 3]],
      ['sum', 2, 40],
      ['upload', { name: 'blob.bin' }, [0, 1, 2, 253, 254, 255]],
      ['shout', 'to everyone'],
    ]);
    // Both sockets went over WebSocket, and binary crossed in both directions.
    expect(lib.proxy.connections.map((c) => new URLSearchParams(c.url.split('?')[1]).get('transport'))).toEqual(['websocket', 'websocket']);
    expect(lib.proxy.log.some((f) => f.isBinary && f.direction === 'send')).toBe(true);
    expect(lib.proxy.log.some((f) => f.isBinary && f.direction === 'receive')).toBe(true);
  });

  it('lists both connections: the disconnected one closed, the other open', async () => {
    const pairs = await connectionsOf(lib.panel, lib.proxy);
    expect(pairs).toHaveLength(2);
    const states = pairs.map(({ row, conn }) => ({ state: row.state, closedOnWire: conn.pageClose !== undefined }));
    expect(states).toEqual([
      { state: 'open', closedOnWire: false },
      { state: 'closed', closedOnWire: true },
    ]);
    await expectCloseCodesToMatchWire(lib.panel, lib.proxy);
  });

  it('shows every frame of both connections exactly as on the wire', async () => {
    await expectPanelToMatchWire(lib.panel, lib.proxy);
  });
});

describe(`graphql-ws with its server (${BROWSER})`, () => {
  const lib = useLibraryPage(startGraphqlWsServer, (proxy) => `/libraries/graphql-ws.html?ws=${encodeURIComponent(proxy.wsUrl('/graphql'))}`);

  it('works unchanged: a query and a subscription that yields, then completes', () => {
    expect(lib.result.connected).toBe(true);
    expect(lib.result.query).toEqual([{ data: { hello: 'Hello, Frameline ✓!' } }]);
    expect(lib.result.subscription).toEqual([3, 2, 1, 0].map((n) => ({ data: { countdown: n } })));
    expect(lib.result.completed).toBe(true);
    expect(lib.server.connectionParams).toEqual([{ token: 'frameline' }]);
    expect(lib.proxy.connections.map((c) => c.protocol)).toEqual(['graphql-transport-ws']);
  });

  it('lists the connection with its subprotocol, closed by dispose()', async () => {
    const [pair, ...more] = await connectionsOf(lib.panel, lib.proxy);
    expect(more).toHaveLength(0);
    expect(pair.row.protocol).toBe('graphql-transport-ws → graphql-transport-ws');
    expect(pair.conn.pageClose).toEqual({ code: 1000, reason: 'Normal Closure', by: 'page' });
    expect(pair.row.close).toBe('1000 Normal Closure (clean)');
    await expectCloseCodesToMatchWire(lib.panel, lib.proxy);
  });

  it('shows every frame exactly as on the wire', async () => {
    await expectPanelToMatchWire(lib.panel, lib.proxy);
  });
});

const MQTT_TYPES = ['', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];

/** MQTT packet types in one direction of the wire log: the frames joined, split by fixed header. */
function mqttPacketTypes(proxy: RecordingProxy, direction: 'send' | 'receive'): string[] {
  const bytes = Buffer.concat(proxy.log.filter((f) => f.direction === direction).map((f) => f.data));
  const types: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    const type = MQTT_TYPES[bytes[at] >> 4];
    let length = 0;
    let shift = 0;
    let i = at + 1;
    for (;;) {
      const b = bytes[i++];
      length += (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    types.push(type);
    at = i + length;
  }
  return types;
}

describe(`MQTT.js over WebSocket with an aedes broker (${BROWSER})`, () => {
  const lib = useLibraryPage(startMqttBroker, (proxy) => `/libraries/mqtt.html?ws=${encodeURIComponent(proxy.wsUrl('/mqtt'))}`);

  it('works unchanged: connect, subscribe, publish at QoS 0 and 1, receive', () => {
    expect(lib.result.connected).toBe(true);
    expect(lib.result.granted).toEqual([{ topic: 'frameline/#', qos: 1 }]);
    // MQTT control packets on the wire, in order. Frames do not follow packet boundaries: aedes
    // writes a packet in several frames, MQTT.js may put two packets in one.
    expect(mqttPacketTypes(lib.proxy, 'send')).toEqual(['CONNECT', 'SUBSCRIBE', 'PUBLISH', 'PUBLISH', 'PUBACK', 'DISCONNECT']);
    expect(mqttPacketTypes(lib.proxy, 'receive')).toEqual(expect.arrayContaining(['CONNACK', 'SUBACK', 'PUBACK', 'PUBLISH', 'PUBLISH', 'PUBLISH']));
    expect(mqttPacketTypes(lib.proxy, 'receive')).toHaveLength(6);
    const utf8 = (s: string) => [...Buffer.from(s, 'utf8')];
    expect(lib.result.messages).toEqual(
      expect.arrayContaining([
        { topic: 'frameline/zero', payload: utf8('hello at QoS 0'), qos: 0 },
        { topic: 'frameline/one', payload: utf8('héllo at QoS 1 ✓'), qos: 1 },
        { topic: 'frameline/server', payload: [0, 1, 2, 0x7f, 0x80, 0xff], qos: 0 },
      ]),
    );
    expect(lib.result.messages).toHaveLength(3);
    expect(lib.server.published).toEqual([
      { topic: 'frameline/zero', payload: utf8('hello at QoS 0'), qos: 0 },
      { topic: 'frameline/one', payload: utf8('héllo at QoS 1 ✓'), qos: 1 },
    ]);
    expect(lib.proxy.connections.map((c) => c.protocol)).toEqual(['mqtt']);
    // MQTT over WebSocket is binary frames only.
    expect(lib.proxy.log.every((f) => f.isBinary)).toBe(true);
  });

  it('lists the connection, closed after DISCONNECT, as its socket saw the close', async () => {
    const [pair, ...more] = await connectionsOf(lib.panel, lib.proxy);
    expect(more).toHaveLength(0);
    // aedes drops the TCP connection on DISCONNECT while MQTT.js closes the socket: whether the
    // closing handshake completes (1005, clean) or not (1006, and Firefox may fire "error") is a
    // race, so the panel is held to what the page's own socket saw, whichever way it went.
    const { error, close } = lib.result.socket;
    expect({ protocol: pair.row.protocol, state: pair.row.state, close: pair.row.close }).toEqual({
      protocol: 'mqtt → mqtt',
      state: error ? 'error' : 'closed',
      close: `${close.code}${close.reason ? ` ${close.reason}` : ''} (${close.wasClean ? 'clean' : 'not clean'})`,
    });
    await expectCloseCodesToMatchWire(lib.panel, lib.proxy, error ? [pair.conn.id] : []);
  });

  it('shows every frame exactly as on the wire', async () => {
    await expectPanelToMatchWire(lib.panel, lib.proxy);
  });
});

describe(`@stomp/stompjs with a STOMP 1.2 server (${BROWSER})`, () => {
  const lib = useLibraryPage(startStompServer, (proxy) => `/libraries/stomp.html?ws=${encodeURIComponent(proxy.wsUrl('/stomp'))}`);

  it('works unchanged: connect, subscribe, send text and binary, receive, receipts', () => {
    expect(lib.result.version).toBe('1.2');
    expect(lib.result.negotiated).toBe('1.2');
    expect(lib.result.messages).toEqual([
      { destination: '/queue/frameline', binary: false, body: 'héllo STOMP ✓' },
      { destination: '/queue/frameline', binary: true, body: [0, 1, 2, 0, 255] },
    ]);
    expect(lib.result.receipts).toEqual(['sub-1', 'send-1']);
    expect(lib.server.frames.map((f) => f.command)).toEqual(['CONNECT', 'SUBSCRIBE', 'SEND', 'SEND', 'DISCONNECT']);
    expect(lib.proxy.connections.map((c) => c.protocol)).toEqual(['v12.stomp']);
    // The binary body went as a binary frame both ways.
    expect(lib.proxy.log.filter((f) => f.isBinary).map((f) => f.direction)).toEqual(['send', 'receive']);
  });

  it('lists the connection with its subprotocol, closed after DISCONNECT', async () => {
    const [pair, ...more] = await connectionsOf(lib.panel, lib.proxy);
    expect(more).toHaveLength(0);
    expect(pair.row.protocol).toBe('v12.stomp, v11.stomp, v10.stomp → v12.stomp');
    expect(pair.row.state).toBe('closed');
    await expectCloseCodesToMatchWire(lib.panel, lib.proxy);
  });

  it('shows every frame exactly as on the wire (NUL terminators included)', async () => {
    await expectPanelToMatchWire(lib.panel, lib.proxy);
  });
});

describe(`sockjs-client with a sockjs server (${BROWSER})`, () => {
  const lib = useLibraryPage(startSockJsServer, (proxy) => `/libraries/sockjs.html?server=${encodeURIComponent(`${proxy.origin}/echo`)}`);

  it('works unchanged over the websocket transport: send, receive, server close', () => {
    expect(lib.result.transport).toBe('websocket');
    expect(lib.server.transports).toEqual(['websocket']);
    const json = JSON.stringify({ a: 1, text: 'ünïcödé ✓', list: [true, null] });
    expect(lib.result.messages).toEqual(['welcome to sockjs ✓', 'echo: hello sockjs', `echo: ${json}`, 'echo: bye']);
    expect(lib.server.received).toEqual(['hello sockjs', json, 'bye']);
    expect(lib.result.close).toEqual({ code: 3001, reason: 'bye from server' });
    expect(lib.proxy.connections).toHaveLength(1);
    expect(lib.proxy.connections[0].path).toMatch(/^\/echo\/\d+\/[^/]+\/websocket$/);
  });

  it('lists the one WebSocket connection, closed', async () => {
    const [pair, ...more] = await connectionsOf(lib.panel, lib.proxy);
    expect(more).toHaveLength(0);
    expect(pair.row.state).toBe('closed');
    await expectCloseCodesToMatchWire(lib.panel, lib.proxy);
  });

  it('shows every frame exactly as on the wire', async () => {
    await expectPanelToMatchWire(lib.panel, lib.proxy);
  });
});

describe(`reconnecting-websocket across a server restart (${BROWSER})`, () => {
  let server: RestartableWsServer;
  let proxy: RecordingProxy;
  let page: TestPage;
  let panel: TestPage;
  let result: PageResult;

  beforeAll(async () => {
    server = await startRestartableWsServer();
    proxy = await startRecordingProxy(server.origin);
    page = await browser.newPage();
    await page.goto(web.url(`/libraries/reconnecting-websocket.html?ws=${encodeURIComponent(proxy.wsUrl('/feed'))}`));
    const received = (n: number) => page.waitForFunction((count) => (window as any).result.received.length >= count, n, { timeout: 10_000 });
    // Run 1.
    await received(1);
    await page.evaluate(() => (window as any).send('before restart'));
    await received(2);
    // Restart: the server closes with 1012 and is gone for a while; what the page sends meanwhile
    // is queued by the library and must go out on the new connection.
    const port = server.port;
    await server.stop();
    await page.waitForFunction(() => (window as any).result.closes.length >= 1 && (window as any).readyState() !== 1, undefined, { timeout: 10_000 });
    await page.evaluate(() => (window as any).send('while down'));
    await new Promise((r) => setTimeout(r, 400));
    await server.start();
    expect(server.port).toBe(port);
    // Run 2.
    await page.waitForFunction(() => (window as any).result.opens >= 2, undefined, { timeout: 10_000 });
    await received(4);
    await page.evaluate(() => (window as any).send('after restart'));
    await received(5);
    await page.evaluate(() => (window as any).sendBinary([1, 2, 3, 255]));
    await received(6);
    result = await page.evaluate(() => (window as any).result as PageResult);
    await proxy.settle();
    panel = await browser.openPanel(page);
  });
  afterAll(async () => {
    await panel?.close();
    await page?.close();
    await proxy?.close();
    await server?.close();
  });

  it('works unchanged: reconnects after the restart and delivers the queued message', () => {
    expect(result.opens).toBe(2);
    expect(result.closes[0]).toEqual({ code: 1012, reason: 'service restart' });
    expect(result.received).toEqual([
      'welcome run 1',
      'run 1 echo: before restart',
      'welcome run 2',
      'run 2 echo: while down',
      'run 2 echo: after restart',
      { binary: [1, 2, 3, 255] },
    ]);
  });

  it('lists the connection before the restart (closed with 1012), any failed retries, and the open one after', async () => {
    const pairs = await connectionsOf(panel, proxy);
    expect(pairs.length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = pairs;
    const last = rest.pop()!;
    expect({ state: first.row.state, close: first.row.close }).toEqual({ state: 'closed', close: '1012 service restart (clean)' });
    expect(first.conn.closedBy).toBe('server');
    expect(first.conn.pageClose).toEqual({ code: 1012, reason: 'service restart', by: 'proxy' });
    for (const retry of rest) {
      // Attempts while the server was down: refused by the proxy, no messages.
      expect(retry.conn.failed).toBe(true);
      expect(retry.row.state).toBe('error');
      expect([retry.row.sent, retry.row.received]).toEqual(['0 / 0 B', '0 / 0 B']);
    }
    expect(last.conn.failed).toBe(false);
    expect(last.row.state).toBe('open');
    expect(last.row.close).toBe('');
  });

  it('puts the messages before and after the restart in the right connection, exactly as on the wire', async () => {
    const pairs = await connectionsOf(panel, proxy);
    const live = pairs.filter((p) => !p.conn.failed);
    expect(live.map((p) => p.conn.frames.map((f) => `${f.direction} ${f.isBinary ? f.data.toString('hex') : f.text}`))).toEqual([
      ['receive welcome run 1', 'send before restart', 'receive run 1 echo: before restart'],
      ['receive welcome run 2', 'send while down', 'receive run 2 echo: while down', 'send after restart', 'receive run 2 echo: after restart', 'send 010203ff', 'receive 010203ff'],
    ]);
    await expectPanelToMatchWire(panel, proxy);
  });
});
