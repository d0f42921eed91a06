/**
 * A recording WebSocket proxy for library e2e tests: it sits between the page and a real server
 * (socket.io, graphql-ws, aedes, ...) and logs every message that crosses it, with its direction,
 * its type (text or binary) and its exact bytes. That log is the wire truth the panel is checked
 * against, whatever the server library is and however it frames its traffic.
 *
 * - Listens on 127.0.0.1, port 0. A WebSocket upgrade to the proxy opens one upstream socket to
 *   `target` with the same path, query string, Origin and offered subprotocols; the page's
 *   handshake completes only once the upstream one did, with the protocol the server chose. When
 *   the upstream handshake fails (refused, or an HTTP status), the page's fails too (the same
 *   status, or 502), and the attempt is still recorded (`failed`).
 * - Every message is forwarded unchanged both ways, text as text and binary as binary, in order.
 *   Upstream messages that arrive before the page's socket exists are queued, not lost.
 * - A close on either side is passed to the other with its code and reason; a dropped TCP
 *   connection (1006) is passed on as a drop.
 * - Plain HTTP requests (e.g. sockjs-client's `/info`) are forwarded to `target` as they are.
 * - permessage-deflate is off on both legs, so nothing is recompressed on the way.
 *
 * Directions are named as the page sees them: 'send' = page -> server, 'receive' = server -> page.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface ProxiedFrame {
  /** Position in the proxy-wide log. */
  seq: number;
  connectionId: number;
  direction: 'send' | 'receive';
  isBinary: boolean;
  /** Exact payload bytes. */
  data: Buffer;
  /** `data` decoded as UTF-8 (meaningful for text frames). */
  text: string;
  time: number;
}

export interface ProxiedConnection {
  /** 1, 2, 3 ... in the order the page's upgrade requests arrived. */
  id: number;
  /** Path plus query string as the page requested it. */
  url: string;
  path: string;
  origin: string | undefined;
  offeredProtocols: string[];
  /** Protocol the server selected ('' when none). */
  protocol: string;
  /** Upstream handshake failed: the page's handshake was refused with `failedStatus`. */
  failed: boolean;
  failedStatus?: number;
  openedAt?: number;
  closedAt?: number;
  /** Which side closed first, and with what (1005 = no code, 1006 = dropped). */
  closedBy?: 'page' | 'server';
  closeCode?: number;
  closeReason?: string;
  /**
   * The close as the page's leg carried it, i.e. what the page's CloseEvent must say: the code of
   * the first close frame the page received (the proxy's own when it closed first, the page's
   * echoed back when the page did; 1005 = a frame without code, 1006 = dropped, no frame).
   */
  pageClose?: { code: number; reason: string; by: 'page' | 'proxy' };
  /** This connection's frames, in the order they crossed the proxy. */
  frames: ProxiedFrame[];
}

export interface RecordingProxy {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** ws://127.0.0.1:PORT/path */
  wsUrl(path: string): string;
  /** Every frame, in the order it crossed the proxy. */
  readonly log: ProxiedFrame[];
  readonly connections: ProxiedConnection[];
  /** Resolves once nothing crossed the proxy for `quietMs` (and at least `minFrames` were logged). */
  settle(opts?: { quietMs?: number; minFrames?: number; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/** Close codes that may be sent in a close frame (RFC 6455 7.4; 1005/1006/1015 may not). */
function sendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw as ArrayBuffer);
}

/**
 * Passes a close seen on one leg to the other leg, as faithfully as the protocol allows.
 * Returns what that leg's peer will see when this starts the closing handshake there (the code
 * and reason of the close frame sent, 1005 for a frame without code, 1006 for a drop), or
 * undefined when the leg was already closing (then the peer's own close came first).
 */
function passClose(to: WebSocket, code: number, reason: Buffer): { code: number; reason: string } | undefined {
  if (to.readyState === WebSocket.CLOSED || to.readyState === WebSocket.CLOSING) return undefined;
  if (code === 1006 || to.readyState === WebSocket.CONNECTING) {
    to.terminate();
    return { code: 1006, reason: '' };
  }
  if (sendableCode(code)) {
    to.close(code, reason);
    return { code, reason: reason.toString('utf8') };
  }
  to.close();
  return { code: 1005, reason: '' };
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstreamBase = new URL(target);
  upstreamBase.protocol = upstreamBase.protocol === 'https:' ? 'wss:' : 'ws:';
  const log: ProxiedFrame[] = [];
  const connections: ProxiedConnection[] = [];
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const sockets = new Set<WebSocket>();
  let lastActivity = Date.now();

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // The page gets exactly the protocol the real server picked (or none).
    handleProtocols: (_offered, req) => chosenProtocol.get(req) || false,
  });

  const record = (conn: ProxiedConnection, direction: ProxiedFrame['direction'], data: Buffer, isBinary: boolean) => {
    lastActivity = Date.now();
    const frame: ProxiedFrame = {
      seq: log.length,
      connectionId: conn.id,
      direction,
      isBinary,
      data: Buffer.from(data), // own copy: the log must not change if a buffer is reused
      text: data.toString('utf8'),
      time: lastActivity,
    };
    log.push(frame);
    conn.frames.push(frame);
  };

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = req.url ?? '/';
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const conn: ProxiedConnection = {
      id: connections.length + 1,
      url,
      path: new URL(url, 'http://x').pathname,
      origin: req.headers.origin,
      offeredProtocols: offered,
      protocol: '',
      failed: false,
      frames: [],
    };
    connections.push(conn);
    lastActivity = Date.now();
    socket.on('error', () => {});

    const upstreamUrl = new URL(url, upstreamBase).toString();
    const headers: Record<string, string> = {};
    if (req.headers.origin) headers.origin = req.headers.origin;
    if (req.headers.cookie) headers.cookie = req.headers.cookie;
    if (req.headers['user-agent']) headers['user-agent'] = req.headers['user-agent'];
    const upstream = new WebSocket(upstreamUrl, offered, { headers, perMessageDeflate: false });
    sockets.add(upstream);

    // Upstream messages may arrive before the page's leg exists: queue them in order.
    let downstream: WebSocket | undefined;
    const pending: { data: Buffer; isBinary: boolean }[] = [];
    upstream.on('message', (raw, isBinary) => {
      const data = toBuffer(raw);
      record(conn, 'receive', data, isBinary);
      if (downstream) downstream.send(data, { binary: isBinary });
      else pending.push({ data, isBinary });
    });

    let settled = false;
    const refuse = (status: number) => {
      if (settled) return;
      settled = true;
      conn.failed = true;
      conn.failedStatus = status;
      conn.closedAt = Date.now();
      socket.end(`HTTP/1.1 ${status} Upstream refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    upstream.on('unexpected-response', (_req, res) => {
      refuse(res.statusCode ?? 502);
      res.resume();
      upstream.terminate();
    });
    upstream.on('error', () => refuse(502));
    // The page gave up before the server answered: drop the upstream leg too.
    socket.on('close', () => {
      if (!downstream) upstream.terminate();
    });

    upstream.on('open', () => {
      settled = true;
      conn.protocol = upstream.protocol;
      chosenProtocol.set(req, upstream.protocol);
      wss.handleUpgrade(req, socket, head, (ws) => {
        downstream = ws;
        sockets.add(ws);
        conn.openedAt = Date.now();
        for (const m of pending.splice(0)) ws.send(m.data, { binary: m.isBinary });
        ws.on('message', (raw, isBinary) => {
          const data = toBuffer(raw);
          record(conn, 'send', data, isBinary);
          if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
        });
        ws.on('close', (code, reason) => {
          lastActivity = Date.now();
          if (!conn.closedBy) Object.assign(conn, { closedBy: 'page', closeCode: code, closeReason: reason.toString('utf8'), closedAt: Date.now() });
          // The page closed first (or dropped): `ws` echoed its code and reason back to it.
          conn.pageClose ??= { code, reason: reason.toString('utf8'), by: 'page' };
          passClose(upstream, code, reason);
        });
        ws.on('error', () => {});
        // The server may have closed while the page's handshake was being completed.
        if (upstream.readyState !== WebSocket.OPEN) closePageLeg(conn.closeCode ?? 1006, Buffer.from(conn.closeReason ?? ''));
      });
    });
    upstream.on('close', (code, reason) => {
      lastActivity = Date.now();
      if (!settled) return refuse(502);
      if (conn.failed) return;
      if (!conn.closedBy) Object.assign(conn, { closedBy: 'server', closeCode: code, closeReason: reason.toString('utf8'), closedAt: Date.now() });
      if (downstream) closePageLeg(code, reason);
    });
    function closePageLeg(code: number, reason: Buffer) {
      const sent = passClose(downstream!, code, reason);
      if (sent) conn.pageClose ??= { ...sent, by: 'proxy' };
    }
  }

  // Plain HTTP goes straight to the target (sockjs-client's /info, for one).
  const server: Server = createServer((req, res) => {
    lastActivity = Date.now();
    const out = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: upstreamBase.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
    log,
    connections,
    async settle({ quietMs = 300, minFrames = 0, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (log.length < minFrames || Date.now() - lastActivity < quietMs) {
        if (Date.now() > deadline) throw new Error(`recording proxy: not settled after ${timeoutMs} ms (${log.length} frames logged, ${minFrames} expected)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
