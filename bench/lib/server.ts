/**
 * The benchmark server: one HTTP + WebSocket server on a loopback ephemeral port (127.0.0.1, and
 * the same port on ::1 so that `localhost` is a second origin, as in tests/e2e/harness/ws-server.ts).
 *
 * Unlike the e2e test server it keeps no log of frames: it must cost the machine as little as
 * possible, since the browser under test shares its two cores. Bulk streams are framed once,
 * cached, and written to the TCP socket in 1 MB slices; the `ws` library still does the
 * handshake and parses what the page sends.
 *
 * WebSocket paths (each waits for the page's "start" message):
 *   /stream?text=N&binary=N&textBytes=B&binaryBytes=B   as fast as possible, one binary message
 *       after every text/binary text messages; text payloads carry a 7-digit sequence number at
 *       offset 7, binary ones a big-endian uint32 at offset 0. Counts what the page sends; on
 *       "report" answers {"received":N,"bytes":B}.
 *   /bulk?count=N     as fast as possible, the synthetic traffic of lib/traffic.ts (messages 1..N).
 *   /paced?rate=R&count=N&bytes=B   N text messages at R per second, each {"seq":k,"t":<Date.now()>,...}.
 *   /big?bytes=B                    one JSON text message of about B bytes.
 *   /soak?id=K&rate=R               the soak's mixed traffic (lib/soak-traffic.ts), R messages per
 *       second from the moment the socket opens (no "start"); answers the page's "pause" with
 *       "paused" and sends nothing more until "resume"; "close:CODE" closes the socket with CODE.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { BINARY_EVERY, binaryPayload, tradeText } from './traffic';
import { createSoakTicker } from './soak-traffic';

export const PAGES_DIR = fileURLToPath(new URL('../pages', import.meta.url));

export interface BenchServer {
  port: number;
  origin: string;
  altOrigin: string;
  url(path: string): string;
  wsUrl(path: string): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

export async function startBenchServer(): Promise<BenchServer> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  const sockets = new Set<Duplex>();
  const soak = createSoakTicker();
  let origin = '';
  let altOrigin = '';

  async function onRequest(req: IncomingMessage, res: import('node:http').ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/frames.html') {
      const n = Number(url.searchParams.get('n') ?? 20);
      const frames = Array.from({ length: n }, (_, i) => `<iframe src="${i % 2 ? altOrigin : origin}/frame.html?i=${i}" width="80" height="40"></iframe>`).join('\n');
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      return res.end(`<!doctype html><html><head><meta charset="utf-8"><title>frames</title></head><body>\n${frames}\n</body></html>`);
    }
    const file = normalize(join(PAGES_DIR, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!file.startsWith(PAGES_DIR + sep)) return notFound(res);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      notFound(res);
    }
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket, new URL(req.url ?? '/', 'http://x')));
  }

  function onConnection(ws: WebSocket, socket: Duplex, url: URL) {
    const param = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
    ws.on('error', () => {});
    if (url.pathname === '/soak') return soak.add(ws, param('id', 0), param('rate', 10));
    let received = 0;
    let receivedBytes = 0;
    let streamed: Promise<void> = Promise.resolve();
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary && data.length < 16) {
        const text = data.toString();
        if (text === 'start') {
          if (url.pathname === '/stream') {
            const frames = streamFrames(param('text', 0), param('binary', 0), param('textBytes', 100), param('binaryBytes', 4096));
            streamed = writeRaw(socket, frames);
          } else if (url.pathname === '/bulk') {
            streamed = writeRaw(socket, bulkFrames(param('count', 1000)));
          } else if (url.pathname === '/paced') {
            streamed = paced(ws, param('rate', 1000), param('count', 1000), param('bytes', 100));
          } else if (url.pathname === '/big') {
            ws.send(bigJson(param('bytes', 4 * 1024 * 1024)));
          }
          return;
        }
        if (text === 'report') {
          void streamed.then(() => ws.send(JSON.stringify({ received, bytes: receivedBytes })));
          return;
        }
      }
      received++;
      receivedBytes += data.length;
    });
  }

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
  origin = `http://127.0.0.1:${port}`;
  altOrigin = `http://localhost:${port}`;

  return {
    port,
    origin,
    altOrigin,
    url: (path) => origin + path,
    wsUrl: (path) => `ws://127.0.0.1:${port}${path}`,
    async close() {
      soak.stop();
      for (const s of sockets) s.destroy();
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
}

/** An unmasked server-to-client frame: FIN + opcode, then the payload length. */
export function frame(opcode: 1 | 2, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255]) : Buffer.alloc(10);
  if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Text payload of exactly `bytes` bytes carrying `seq` at offset 7: {"seq":0000042,"type":"tick","pad":"xxx"} */
export function textPayload(seq: number, bytes: number): string {
  const head = `{"seq":${String(seq).padStart(7, '0')},"type":"tick","pad":"`;
  return head + 'x'.repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}

const streamCache = new Map<string, Buffer[]>();

/** The whole stream, framed, in slices of about 1 MB (cached per shape). */
export function streamFrames(text: number, binary: number, textBytes: number, binaryBytes: number): Buffer[] {
  const key = `${text}/${binary}/${textBytes}/${binaryBytes}`;
  const cached = streamCache.get(key);
  if (cached) return cached;
  const slices: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const every = binary > 0 ? Math.max(1, Math.floor(text / binary)) : Infinity;
  let t = 0;
  let b = 0;
  let seq = 0;
  const push = (f: Buffer) => {
    pending.push(f);
    pendingBytes += f.length;
    if (pendingBytes >= 1 << 20) {
      slices.push(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
  };
  while (t < text || b < binary) {
    if (t < text) {
      push(frame(1, Buffer.from(textPayload(seq++, textBytes))));
      t++;
    }
    if (b < binary && (t % every === 0 || t >= text)) {
      const payload = Buffer.alloc(binaryBytes, 0xab);
      payload.writeUInt32BE(seq++, 0);
      push(frame(2, payload));
      b++;
    }
  }
  if (pending.length) slices.push(Buffer.concat(pending));
  streamCache.set(key, slices);
  return slices;
}

/** Messages 1..count of the synthetic traffic, framed, in slices of about 1 MB (cached). */
export function bulkFrames(count: number): Buffer[] {
  const key = `bulk/${count}`;
  const cached = streamCache.get(key);
  if (cached) return cached;
  const slices: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for (let seq = 1; seq <= count; seq++) {
    const f = seq % BINARY_EVERY === 0 ? frame(2, Buffer.from(binaryPayload(seq))) : frame(1, Buffer.from(tradeText(seq)));
    pending.push(f);
    pendingBytes += f.length;
    if (pendingBytes >= 1 << 20 || seq === count) {
      slices.push(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
  }
  streamCache.set(key, slices);
  return slices;
}

async function writeRaw(socket: Duplex, slices: Buffer[]): Promise<void> {
  for (const slice of slices) {
    if (socket.destroyed) return;
    if (!socket.write(slice)) await new Promise((r) => socket.once('drain', r));
  }
}

/** `count` messages at `rate` per second: each tick sends what is due by the clock. */
async function paced(ws: WebSocket, rate: number, count: number, bytes: number): Promise<void> {
  const start = Date.now();
  const pad = 'x'.repeat(Math.max(0, bytes - 40));
  let sent = 0;
  while (sent < count && ws.readyState === ws.OPEN) {
    const due = Math.min(count, Math.floor(((Date.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) ws.send(`{"seq":${sent + 1},"t":${Date.now()},"pad":"${pad}"}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** A JSON document of about `bytes` bytes: an array of small records. */
export function bigJson(bytes: number): string {
  const items: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const item = JSON.stringify({ id: i, name: `item-${i}`, tags: ['a', 'b', 'c'], price: i * 1.25, nested: { ok: i % 2 === 0, note: 'lorem ipsum dolor' } });
    items.push(item);
    size += item.length + 1;
  }
  return `[${items.join(',')}]`;
}

function notFound(res: import('node:http').ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain' });
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
