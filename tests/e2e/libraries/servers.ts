/**
 * The real servers the library e2e tests talk to, each on 127.0.0.1 port 0, each closed by the
 * returned `close()`: socket.io, graphql-ws (graphql@16 schema with a query and a subscription),
 * an aedes MQTT broker over WebSocket, a small STOMP 1.2 server, a sockjs server, and a plain
 * `ws` server that can be stopped and started again on the same port.
 *
 * They only speak their protocol; recording the wire is the recording proxy's job.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { Server as SocketIoServer } from 'socket.io';
import { useServer } from 'graphql-ws/use/ws';
import { Aedes } from 'aedes';
import { WebSocket, WebSocketServer, createWebSocketStream, type RawData } from 'ws';

export interface RunningServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// socket.io

/**
 * socket.io 4: greets every socket ('welcome'), acks 'sum', answers a binary 'upload' with a
 * binary 'upload:ok', and broadcasts 'shout' to every socket as 'news'. `seen` keeps what the
 * server's handlers received, decoded by socket.io itself.
 */
export async function startSocketIoServer(): Promise<RunningServer & { seen: unknown[][] }> {
  const http = createServer();
  const io = new SocketIoServer(http, { serveClient: false });
  const seen: unknown[][] = [];
  let count = 0;
  io.on('connection', (socket) => {
    count++;
    socket.emit('welcome', { n: count, name: (socket.handshake.auth as { name?: string }).name ?? null });
    socket.on('chat', (...args) => void seen.push(['chat', ...args]));
    socket.on('sum', (a: number, b: number, ack: (r: unknown) => void) => {
      seen.push(['sum', a, b]);
      ack({ sum: a + b });
    });
    socket.on('upload', (meta: { name: string }, bytes: Buffer) => {
      seen.push(['upload', meta, [...bytes]]);
      socket.emit('upload:ok', { name: meta.name, size: bytes.length }, Buffer.from([...bytes].reverse()));
    });
    socket.on('shout', (text: string) => {
      seen.push(['shout', text]);
      io.emit('news', { from: count, text });
    });
  });
  const port = await listen(http);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeHttp(http).catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// graphql-ws

// graphql through require(): graphql-ws (loaded by Node itself) gets graphql's CommonJS build,
// and a schema from any other copy (e.g. the ESM build Vite would pick) fails its instanceof checks.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } = graphql;

/** `hello(name)` query and `countdown(from)` subscription (from, from-1, ..., 0, then complete). */
export function makeSchema(): import('graphql').GraphQLSchema {
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        hello: {
          type: GraphQLString,
          args: { name: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: (_root, { name }: { name: string }) => `Hello, ${name}!`,
        },
      },
    }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        countdown: {
          type: GraphQLInt,
          args: { from: { type: new GraphQLNonNull(GraphQLInt) } },
          subscribe: async function* (_root: unknown, { from }: { from: number }) {
            for (let i = from; i >= 0; i--) {
              await new Promise((r) => setTimeout(r, 20));
              yield { countdown: i };
            }
          },
        },
      },
    }),
  });
}

export async function startGraphqlWsServer(): Promise<RunningServer & { connectionParams: unknown[] }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const connectionParams: unknown[] = [];
  const cleanup = useServer(
    {
      schema: makeSchema(),
      onConnect: (ctx) => {
        connectionParams.push(ctx.connectionParams);
        return true;
      },
    },
    wss,
  );
  const port = await listen(http);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    connectionParams,
    async close() {
      await cleanup.dispose();
      await closeHttp(http);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// MQTT: aedes over WebSocket

/**
 * An aedes broker on `ws` (path /mqtt). When a client subscribes to `frameline/#` the broker
 * itself publishes a binary message to `frameline/server`.
 */
export async function startMqttBroker(): Promise<RunningServer & { broker: Aedes; published: { topic: string; payload: number[]; qos: number }[] }> {
  const broker = await Aedes.createBroker();
  const published: { topic: string; payload: number[]; qos: number }[] = [];
  broker.on('publish', (packet, client) => {
    if (client) published.push({ topic: packet.topic, payload: [...Buffer.from(packet.payload)], qos: packet.qos });
  });
  broker.on('subscribe', (subscriptions, client) => {
    if (!client || !subscriptions.some((s) => s.topic === 'frameline/#')) return;
    setTimeout(() => {
      broker.publish({ cmd: 'publish', topic: 'frameline/server', payload: Buffer.from([0, 1, 2, 0x7f, 0x80, 0xff]), qos: 0, retain: false, dup: false }, () => {});
    }, 20);
  });
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/mqtt' });
  wss.on('connection', (ws, req) => {
    broker.handle(createWebSocketStream(ws), req);
  });
  const port = await listen(http);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    broker,
    published,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closeHttp(http);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// STOMP 1.2

export interface StompFrame {
  command: string;
  headers: Record<string, string>;
  body: Buffer;
}

const unescapeHeader = (v: string) => v.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', r: '\r', c: ':', '\\': '\\' })[c] ?? c);
const escapeHeader = (v: string) => v.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');

/** Parses every frame in one WebSocket message (heart-beat EOLs between frames are skipped). */
export function parseStompFrames(data: Buffer): StompFrame[] {
  const frames: StompFrame[] = [];
  let at = 0;
  for (;;) {
    while (at < data.length && (data[at] === 0x0a || data[at] === 0x0d)) at++;
    if (at >= data.length) return frames;
    const headEnd = data.indexOf('\n\n', at) >= 0 ? data.indexOf('\n\n', at) : -1;
    const crlfEnd = data.indexOf('\r\n\r\n', at);
    let bodyStart: number;
    let head: string;
    if (crlfEnd >= 0 && (headEnd < 0 || crlfEnd < headEnd)) {
      head = data.subarray(at, crlfEnd).toString('utf8');
      bodyStart = crlfEnd + 4;
    } else if (headEnd >= 0) {
      head = data.subarray(at, headEnd).toString('utf8');
      bodyStart = headEnd + 2;
    } else throw new Error(`STOMP: no end of headers in ${JSON.stringify(data.toString('utf8'))}`);
    const lines = head.split(/\r?\n/);
    const command = lines.shift()!;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = unescapeHeader(line.slice(0, colon));
      // STOMP 1.2: the first occurrence of a repeated header wins.
      if (!(name in headers)) headers[name] = command === 'CONNECT' ? line.slice(colon + 1) : unescapeHeader(line.slice(colon + 1));
    }
    let bodyEnd: number;
    if (headers['content-length'] !== undefined) bodyEnd = bodyStart + Number(headers['content-length']);
    else bodyEnd = data.indexOf(0, bodyStart);
    if (bodyEnd < 0 || data[bodyEnd] !== 0) throw new Error(`STOMP: frame not NUL-terminated: ${JSON.stringify(data.toString('utf8'))}`);
    frames.push({ command, headers, body: Buffer.from(data.subarray(bodyStart, bodyEnd)) });
    at = bodyEnd + 1;
  }
}

export function encodeStompFrame(command: string, headers: Record<string, string>, body: Buffer | string = ''): Buffer {
  const head = [command, ...Object.entries(headers).map(([k, v]) => `${escapeHeader(k)}:${command === 'CONNECTED' ? v : escapeHeader(v)}`)].join('\n');
  return Buffer.concat([Buffer.from(`${head}\n\n`, 'utf8'), Buffer.from(body), Buffer.from([0])]);
}

/**
 * A small STOMP 1.2 server on `ws` (path /stomp, subprotocol v12.stomp): CONNECT/STOMP ->
 * CONNECTED; SUBSCRIBE/UNSUBSCRIBE; SEND delivers a MESSAGE to every subscriber of the
 * destination (binary frames stay binary); any frame with a `receipt` header gets a RECEIPT;
 * DISCONNECT gets its RECEIPT and the client then closes. `frames` is what it parsed.
 */
export async function startStompServer(): Promise<RunningServer & { frames: StompFrame[] }> {
  const http = createServer();
  const wss = new WebSocketServer({
    server: http,
    path: '/stomp',
    handleProtocols: (offered) => (offered.has('v12.stomp') ? 'v12.stomp' : false),
  });
  const frames: StompFrame[] = [];
  const subscriptions = new Map<WebSocket, Map<string, string>>(); // socket -> (subscription id -> destination)
  let messageId = 0;
  wss.on('connection', (ws) => {
    subscriptions.set(ws, new Map());
    ws.on('close', () => subscriptions.delete(ws));
    ws.on('message', (raw, isBinary) => {
      let parsed: StompFrame[];
      try {
        parsed = parseStompFrames(toBuffer(raw));
      } catch (error) {
        ws.send(encodeStompFrame('ERROR', { message: 'malformed frame' }, String(error)), { binary: false });
        return void ws.close();
      }
      for (const frame of parsed) {
        frames.push(frame);
        const { command, headers } = frame;
        if (command === 'CONNECT' || command === 'STOMP') {
          ws.send(encodeStompFrame('CONNECTED', { version: '1.2', 'heart-beat': '0,0', server: 'frameline-test-stomp/1.0', session: 'session-1' }), { binary: false });
          continue;
        }
        if (command === 'SUBSCRIBE') subscriptions.get(ws)!.set(headers.id, headers.destination);
        if (command === 'UNSUBSCRIBE') subscriptions.get(ws)!.delete(headers.id);
        if (command === 'SEND') {
          for (const [peer, subs] of subscriptions) {
            for (const [id, destination] of subs) {
              if (destination !== headers.destination) continue;
              const out: Record<string, string> = {
                subscription: id,
                'message-id': `m-${++messageId}`,
                destination,
              };
              if (headers['content-type']) out['content-type'] = headers['content-type'];
              out['content-length'] = String(frame.body.length);
              peer.send(encodeStompFrame('MESSAGE', out, frame.body), { binary: isBinary });
            }
          }
        }
        if (headers.receipt !== undefined) ws.send(encodeStompFrame('RECEIPT', { 'receipt-id': headers.receipt }), { binary: false });
      }
    });
  });
  const port = await listen(http);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    frames,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closeHttp(http);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// sockjs

interface SockJsConnection {
  write(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'data', cb: (data: string) => void): void;
  on(event: 'close', cb: () => void): void;
  protocol: string;
}
interface SockJsServer {
  on(event: 'connection', cb: (conn: SockJsConnection) => void): void;
  installHandlers(server: Server, options?: { prefix?: string }): void;
}
// sockjs ships no types; the two calls used are typed above.
const sockjs = createRequire(import.meta.url)('sockjs') as { createServer(options?: Record<string, unknown>): SockJsServer };

/**
 * sockjs on prefix /echo: greets each connection, answers every message with `echo: <message>`,
 * and after a message `bye` closes the session itself (sockjs close frame 3001).
 */
export async function startSockJsServer(): Promise<RunningServer & { received: string[]; transports: string[] }> {
  const http = createServer();
  const server = sockjs.createServer({ log: () => {}, disconnect_delay: 200 });
  const received: string[] = [];
  const transports: string[] = [];
  server.on('connection', (conn) => {
    transports.push(conn.protocol);
    conn.write('welcome to sockjs ✓');
    conn.on('data', (data) => {
      received.push(data);
      conn.write(`echo: ${data}`);
      if (data === 'bye') conn.close(3001, 'bye from server');
    });
  });
  server.installHandlers(http, { prefix: '/echo' });
  const port = await listen(http);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    received,
    transports,
    close: () => closeHttp(http),
  };
}

// ---------------------------------------------------------------------------------------------
// A plain ws server that restarts on the same port

export interface RestartableWsServer extends RunningServer {
  /** 1 for the first run, 2 after one restart ... */
  readonly run: number;
  /** Stops: every client is closed with 1012 "service restart", then the port is released. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * Greets each connection with `welcome run N`; answers text with `run N echo: <text>` and binary
 * with the same bytes, binary.
 */
export async function startRestartableWsServer(): Promise<RestartableWsServer> {
  let http: Server | undefined;
  let wss: WebSocketServer | undefined;
  let run = 0;
  let port = 0;
  const start = async () => {
    run++;
    const thisRun = run;
    http = createServer();
    wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => {
      ws.send(`welcome run ${thisRun}`);
      ws.on('message', (raw, isBinary) => {
        const data = toBuffer(raw);
        ws.send(isBinary ? data : `run ${thisRun} echo: ${data.toString('utf8')}`, { binary: isBinary });
      });
    });
    port = await listen(http, port);
  };
  const stop = async () => {
    if (!http || !wss) return;
    const closing = [...wss.clients].map((ws) => new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close(1012, 'service restart');
    }));
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 2000))]);
    wss.close();
    await closeHttp(http);
    http = undefined;
    wss = undefined;
  };
  await start();
  return {
    get port() {
      return port;
    },
    get origin() {
      return `http://127.0.0.1:${port}`;
    },
    get run() {
      return run;
    },
    stop,
    start,
    close: stop,
  };
}
