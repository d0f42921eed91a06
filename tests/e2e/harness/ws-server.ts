/**
 * The test server for e2e tests: one HTTP + WebSocket server on a loopback ephemeral port.
 *
 * - Serves static pages from tests/fixtures/pages/ plus routes a test registers (`route`).
 * - Accepts WebSockets on any path; what a path does is set per test with `ws(path, behaviour)`
 *   (unregistered paths echo). Every frame it receives or sends is appended to `log` with the
 *   exact bytes, so a test can compare what the extension captured with what really went over
 *   the wire.
 * - The same port answers as `127.0.0.1` and as `localhost` (also on ::1 when available): two
 *   origins on one server, which is how a test makes a cross-origin iframe.
 * - `refusedWsUrl()` points at a loopback port with nothing listening (connection refused).
 *
 * One server per test file, on loopback only, closed in teardown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { closedPort } from './free-port';

export const PAGES_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/pages');

/** One WebSocket frame (a whole message), seen from the server's side. */
export interface FrameRecord {
  /** Position in the server-wide log (0, 1, 2 ...). */
  seq: number;
  connectionId: number;
  /** Pathname the connection was opened on, without the query string. */
  path: string;
  /** 'received' = client -> server, 'sent' = server -> client. */
  direction: 'received' | 'sent';
  isBinary: boolean;
  /** Exact payload bytes. */
  data: Buffer;
  /** `data` decoded as UTF-8, for convenience with text frames. */
  text: string;
  /** Date.now() when the server received or sent it. */
  time: number;
}

export interface ConnectionRecord {
  id: number;
  path: string;
  /** Path plus query string as requested. */
  url: string;
  origin: string | undefined;
  offeredProtocols: string[];
  /** Negotiated subprotocol ('' when none). */
  protocol: string;
  openedAt: number;
  closedAt?: number;
  /** Close code / reason as the server saw them (1005 when the peer sent no code, 1006 on abort). */
  closeCode?: number;
  closeReason?: string;
}

/** A frame in a scripted sequence: a string is sent as text, bytes as binary. */
export type ScriptedFrame =
  | string
  | Uint8Array
  | { text: string; delayMs?: number }
  | { binary: Uint8Array | number[]; delayMs?: number };

export interface WsBehaviour {
  /** Send each received message back with the same type. Default: false (true for unregistered paths). */
  echo?: boolean;
  /** Frames sent as soon as the connection opens, in order (optionally delayed). */
  sendOnConnect?: ScriptedFrame[];
  /** Close after this many received messages (0 = right after `sendOnConnect`). */
  closeAfter?: { messages: number; code?: number; reason?: string };
  /** Subprotocol to accept: a name (accepted only if offered) or a chooser; false = select none. */
  protocol?: string | ((offered: string[]) => string | false);
  /** Refuse the HTTP upgrade with this status instead of opening a WebSocket. */
  rejectStatus?: number;
  onConnection?(conn: TestConnection): void;
  onMessage?(conn: TestConnection, data: Buffer, isBinary: boolean): void;
}

/** A live server-side connection; sends through here are logged. */
export interface TestConnection {
  record: ConnectionRecord;
  socket: WebSocket;
  send(data: string | Uint8Array, opts?: { binary?: boolean }): void;
  close(code?: number, reason?: string): void;
  /** Drops the TCP connection without a close frame (the client sees 1006). */
  terminate(): void;
}

/** An HTTP request the server answered (pages, scripts, iframes). */
export interface RequestRecord {
  method: string;
  /** Path plus query string. */
  url: string;
  /** Host header: tells 127.0.0.1 from the localhost alias. */
  host: string;
  time: number;
}

export type RouteBody = string | Buffer | ((req: IncomingMessage, res: ServerResponse) => void);

export interface FrameFilter {
  path?: string;
  direction?: 'received' | 'sent';
  connectionId?: number;
}

export interface TestServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** http://localhost:PORT - same server, different origin. */
  altOrigin: string;
  url(path: string): string;
  altUrl(path: string): string;
  wsUrl(path: string): string;
  altWsUrl(path: string): string;
  /** ws://127.0.0.1:CLOSED_PORT/path - fails to connect (nothing listens there). */
  refusedWsUrl(path?: string): string;
  /** Serve `body` at `path` (takes precedence over files in tests/fixtures/pages). */
  route(path: string, body: RouteBody, contentType?: string): void;
  /** Set what WebSocket connections on `path` do (replaces an earlier behaviour for it). */
  ws(path: string, behaviour: WsBehaviour): void;
  /** Every frame received and sent, in order. */
  readonly log: FrameRecord[];
  readonly connections: ConnectionRecord[];
  readonly requests: RequestRecord[];
  /** Live connections (open or closing). */
  readonly live: TestConnection[];
  frames(filter?: FrameFilter): FrameRecord[];
  /** Polls `check` until it returns a truthy value (which is returned) or the time runs out. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  /** Waits until at least `count` frames match `filter`; returns them. */
  waitForFrames(filter: FrameFilter, count?: number, timeoutMs?: number): Promise<FrameRecord[]>;
  clearLog(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.har': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export async function startTestServer(opts: { pagesDir?: string } = {}): Promise<TestServer> {
  const pagesDir = opts.pagesDir ?? PAGES_DIR;
  const routes = new Map<string, { body: RouteBody; type?: string }>();
  const behaviours = new Map<string, WsBehaviour>();
  const log: FrameRecord[] = [];
  const connections: ConnectionRecord[] = [];
  const requests: RequestRecord[] = [];
  const live = new Set<TestConnection>();
  let nextConnId = 1;

  const behaviourFor = (path: string): WsBehaviour => behaviours.get(path) ?? { echo: true };

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', host: req.headers.host ?? '', time: Date.now() });
    const path = pathOf(req);
    const route = routes.get(path);
    if (route) {
      if (typeof route.body === 'function') return route.body(req, res);
      res.writeHead(200, { 'content-type': route.type ?? TYPES[extname(path)] ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(route.body);
    }
    // Static file under pagesDir; normalize() + prefix check keeps requests inside it.
    const file = normalize(join(pagesDir, decodeURIComponent(path === '/' ? '/index.html' : path)));
    if (!file.startsWith(pagesDir + sep)) return notFound(res);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      notFound(res);
    }
  }

  // handleProtocols is server-wide in `ws`, so it dispatches on the request path.
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols(offered: Set<string>, req: IncomingMessage) {
      const chooser = behaviourFor(pathOf(req)).protocol;
      const list = [...offered];
      if (chooser === undefined) return list[0] ?? false; // `ws` default: first offered
      if (typeof chooser === 'function') return chooser(list);
      return list.includes(chooser) ? chooser : false;
    },
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const behaviour = behaviourFor(pathOf(req));
    if (behaviour.rejectStatus) {
      socket.end(`HTTP/1.1 ${behaviour.rejectStatus} Rejected by test\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, behaviour));
  }

  function record(conn: TestConnection, direction: FrameRecord['direction'], data: Buffer, isBinary: boolean) {
    log.push({
      seq: log.length,
      connectionId: conn.record.id,
      path: conn.record.path,
      direction,
      isBinary,
      data,
      text: data.toString('utf8'),
      time: Date.now(),
    });
  }

  function onConnection(socket: WebSocket, req: IncomingMessage, behaviour: WsBehaviour) {
    const rec: ConnectionRecord = {
      id: nextConnId++,
      path: pathOf(req),
      url: req.url ?? '/',
      origin: req.headers.origin,
      offeredProtocols: String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      protocol: socket.protocol,
      openedAt: Date.now(),
    };
    connections.push(rec);
    const conn: TestConnection = {
      record: rec,
      socket,
      send(data, o = {}) {
        const binary = o.binary ?? typeof data !== 'string';
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
        if (socket.readyState !== WebSocket.OPEN) return;
        record(conn, 'sent', bytes, binary);
        socket.send(bytes, { binary });
      },
      close: (code, reason) => socket.close(code, reason),
      terminate: () => socket.terminate(),
    };
    live.add(conn);

    let received = 0;
    let scriptDone = false;
    const closeAfter = behaviour.closeAfter;
    const maybeClose = () => {
      if (closeAfter && scriptDone && received >= closeAfter.messages) conn.close(closeAfter.code ?? 1000, closeAfter.reason ?? '');
    };

    socket.on('message', (raw: RawData, isBinary: boolean) => {
      const data = toBuffer(raw);
      received++;
      record(conn, 'received', data, isBinary);
      if (behaviour.echo) conn.send(data, { binary: isBinary });
      behaviour.onMessage?.(conn, data, isBinary);
      maybeClose();
    });
    socket.on('close', (code, reason) => {
      rec.closedAt = Date.now();
      rec.closeCode = code;
      rec.closeReason = reason.toString('utf8');
      live.delete(conn);
    });
    socket.on('error', () => {}); // aborted connections are normal in tests; the close record says what happened

    behaviour.onConnection?.(conn);
    void (async () => {
      for (const frame of behaviour.sendOnConnect ?? []) {
        const delay = typeof frame === 'object' && !(frame instanceof Uint8Array) ? frame.delayMs : undefined;
        if (delay) await sleep(delay);
        if (typeof frame === 'string') conn.send(frame);
        else if (frame instanceof Uint8Array) conn.send(frame);
        else if ('text' in frame) conn.send(frame.text);
        else conn.send(Uint8Array.from(frame.binary));
      }
      scriptDone = true;
      maybeClose();
    })();
  }

  // Main listener on 127.0.0.1; a twin on ::1 with the same port so that `localhost` works
  // whichever address family a browser tries first. The twin is best effort (IPv6 may be off).
  const servers: Server[] = [];
  const main = createServer((req, res) => void onRequest(req, res));
  main.on('upgrade', onUpgrade);
  await listen(main, 0, '127.0.0.1');
  servers.push(main);
  const port = (main.address() as { port: number }).port;
  const twin = createServer((req, res) => void onRequest(req, res));
  twin.on('upgrade', onUpgrade);
  await listen(twin, port, '::1').then(
    () => servers.push(twin),
    () => undefined,
  );
  const refusedPort = await closedPort();

  const origin = `http://127.0.0.1:${port}`;
  const altOrigin = `http://localhost:${port}`;
  const matches = (f: FrameRecord, filter: FrameFilter) =>
    (filter.path === undefined || f.path === filter.path) &&
    (filter.direction === undefined || f.direction === filter.direction) &&
    (filter.connectionId === undefined || f.connectionId === filter.connectionId);

  const server: TestServer = {
    port,
    origin,
    altOrigin,
    url: (path) => origin + withSlash(path),
    altUrl: (path) => altOrigin + withSlash(path),
    wsUrl: (path) => `ws://127.0.0.1:${port}${withSlash(path)}`,
    altWsUrl: (path) => `ws://localhost:${port}${withSlash(path)}`,
    refusedWsUrl: (path = '/') => `ws://127.0.0.1:${refusedPort}${withSlash(path)}`,
    route: (path, body, type) => void routes.set(withSlash(path), { body, type }),
    ws: (path, behaviour) => void behaviours.set(withSlash(path), behaviour),
    log,
    connections,
    requests,
    get live() {
      return [...live];
    },
    frames: (filter = {}) => log.filter((f) => matches(f, filter)),
    async waitFor(check, timeoutMs = 10_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`test server: timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(20);
      }
    },
    waitForFrames(filter, count = 1, timeoutMs = 10_000) {
      return server.waitFor(
        () => {
          const found = server.frames(filter);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        `${count} frame(s) matching ${JSON.stringify(filter)} (log has ${log.length})`,
      );
    },
    clearLog: () => void log.splice(0, log.length),
    async close() {
      for (const conn of live) conn.terminate();
      wss.close();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((done) => {
              s.close(() => done());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
  return server;
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://x').pathname;
}

function withSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw as ArrayBuffer);
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
