/**
 * A recording WebSocket proxy for the decoder tests: real clients talk to real servers through
 * it, and it keeps every frame as the page hook would have captured it (a `MessageRecord`-like
 * record per frame, `send` = client to server). Plain HTTP requests (SockJS's /info, SignalR's
 * negotiate...) are forwarded as they are. Listens on 127.0.0.1, port 0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { DecoderConnection, DecoderMessage } from '../../../../src/decoders/types';

export interface RecordedConnection extends DecoderConnection {
  url: string;
  protocolsRequested: string[];
  protocol: string;
  messages: (DecoderMessage & { time: number; seq: number })[];
}

export interface RecordingProxy {
  /** ws://127.0.0.1:<port> */
  wsUrl: string;
  /** http://127.0.0.1:<port> */
  httpUrl: string;
  connections: RecordedConnection[];
  /** Resolves when `predicate` holds (checked on every frame and every 10 ms), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const connections: RecordedConnection[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<WebSocket>();
  let seq = 0;
  const selected = new WeakMap<http.IncomingMessage, string>();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (_protocols, req) => selected.get(req) || false });

  const server = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('upgrade', (req, socket, head) => {
    const requested = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const url = `ws://127.0.0.1:${targetPort}${req.url ?? '/'}`;
    const upstream = new WebSocket(url, requested);
    sockets.add(upstream);
    const record: RecordedConnection = { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? '/'}`, protocolsRequested: requested, protocol: '', messages: [] };
    const queued: { data: Buffer; binary: boolean }[] = [];
    let client: WebSocket | undefined;
    const log = (dir: 'send' | 'receive', data: Buffer, binary: boolean) => {
      record.messages.push(
        binary
          ? { dir, opcode: 2, base64: data.toString('base64'), time: performance.now(), seq: seq++, size: data.length }
          : { dir, opcode: 1, text: data.toString('utf8'), time: performance.now(), seq: seq++, size: data.length },
      );
      for (const wake of waiters) wake();
    };
    upstream.on('message', (data, binary) => {
      const buffer = toBuffer(data);
      log('receive', buffer, binary);
      if (client) client.send(buffer, { binary });
      else queued.push({ data: buffer, binary });
    });
    upstream.on('open', () => {
      selected.set(req, upstream.protocol);
      record.protocol = upstream.protocol;
      wss.handleUpgrade(req, socket, head, (ws) => {
        client = ws;
        sockets.add(ws);
        connections.push(record);
        for (const item of queued.splice(0)) ws.send(item.data, { binary: item.binary });
        ws.on('message', (data, binary) => {
          const buffer = toBuffer(data);
          log('send', buffer, binary);
          if (upstream.readyState === WebSocket.OPEN) upstream.send(buffer, { binary });
        });
        ws.on('close', (code) => upstream.close(code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : undefined));
        upstream.on('close', (code) => ws.close(code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : undefined));
      });
    });
    upstream.on('error', () => socket.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    connections,
    waitFor(predicate, timeoutMs = 5000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          clearInterval(poll);
          reject(new Error('timed out waiting for frames'));
        }, timeoutMs);
        // Frames wake it at once; the poll covers conditions on what the client has processed.
        const poll = setInterval(() => check(), 10);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          clearInterval(poll);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
