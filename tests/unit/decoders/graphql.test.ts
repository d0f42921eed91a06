/**
 * GraphQL over WebSocket. `graphql-transport-ws`: frames from the real graphql-ws client and
 * server (graphql-ws/use/ws, graphql 16 schema) through the recording proxy. The legacy
 * `subscriptions-transport-ws` (sub-protocol `graphql-ws`) has no installed library: its client
 * messages are written per the protocol document and answered by a small server below.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// graphql/index.js, not 'graphql': Vite would pick graphql's ESM build while graphql-ws (left to
// Node) loads its CommonJS one, and graphql refuses schemas from "another module or realm".
import { GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql/index.js';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { graphqlTransportWsDecoder } from '../../../src/decoders/graphql-transport-ws';
import { subscriptionsTransportWsDecoder } from '../../../src/decoders/subscriptions-transport-ws';
import { operationOf } from '../../../src/decoders/graphql-operation';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, args: { name: { type: GraphQLString } }, resolve: (_s, { name }) => `hello ${name}` } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      count: {
        type: GraphQLInt,
        args: { to: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: async function* (_s: unknown, { to }: { to: number }) {
          for (let i = 1; i <= to; i++) yield { count: i };
        },
      },
    },
  }),
});

let httpServer: http.Server;
let wss: WebSocketServer;
let legacy: WebSocketServer;
let proxy: RecordingProxy;

/** The legacy protocol's server side: ack + keep-alive, two results per operation, then complete. */
function serveLegacy(ws: WebSocket) {
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'connection_init') {
      ws.send(JSON.stringify({ type: 'connection_ack' }));
      ws.send(JSON.stringify({ type: 'ka' }));
    }
    if (message.type === 'start') {
      if (message.payload.query.includes('broken')) {
        ws.send(JSON.stringify({ type: 'error', id: message.id, payload: { message: 'Cannot query field "broken"' } }));
        return;
      }
      ws.send(JSON.stringify({ type: 'data', id: message.id, payload: { data: { newMessage: { text: 'one' } } } }));
      ws.send(JSON.stringify({ type: 'data', id: message.id, payload: { data: { newMessage: { text: 'two' } } } }));
    }
    if (message.type === 'stop') ws.send(JSON.stringify({ type: 'complete', id: message.id }));
    if (message.type === 'connection_terminate') ws.close();
  });
}

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ noServer: true });
  legacy = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('graphql-ws') ? 'graphql-ws' : false) });
  useServer({ schema }, wss);
  legacy.on('connection', serveLegacy);
  httpServer.on('upgrade', (req, socket, head) => {
    const target = req.url?.startsWith('/legacy') ? legacy : wss;
    target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  legacy?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

describe('graphql-transport-ws, from the graphql-ws client and server', () => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    const client = createClient({ url: `${proxy.wsUrl}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
    const counts: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      client.subscribe({ query: 'subscription OnCount($to: Int!) { count(to: $to) }', variables: { to: 3 } }, { next: (v) => counts.push(v), error: reject, complete: resolve }),
    );
    expect(counts).toHaveLength(3);
    await new Promise<void>((resolve) => client.subscribe({ query: '{ hello(name: "you") }' }, { next: () => {}, error: () => resolve(), complete: resolve }));
    await new Promise<void>((resolve) => client.subscribe({ query: 'query Broken { nope }' }, { next: () => {}, error: () => resolve(), complete: resolve }));
    connection = proxy.connections.find((c) => c.url.endsWith('/graphql'))!;
    await client.dispose();
    const results = decodeConnection(graphqlTransportWsDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });

  it('is detected from the negotiated sub-protocol', () => {
    expect(connection.protocol).toBe('graphql-transport-ws');
    expect(detectDecoder(connection, []).id).toBe('graphql-transport-ws');
    expect(detectDecoder({ url: connection.url }, connection.messages).id).toBe('graphql-transport-ws');
  });

  it('is detected from its messages alone: the handshake, then subscribe with an id and a query', () => {
    expect(detectDecoder({ url: 'ws://h/api' }, connection.messages.slice(0, 2)).id).toBe('graphql-transport-ws');
    expect(detectDecoder({ url: 'ws://h/api' }, connection.messages).id).toBe('graphql-transport-ws');
  });

  it('decodes the connection handshake', () => {
    expect(decoded[0]).toMatchObject({ protocol: 'graphql-transport-ws', type: 'connection_init', correlation: { key: 'connection_init', role: 'request' } });
    expect(decoded[1]).toMatchObject({ type: 'connection_ack', summary: 'connection_ack', correlation: { key: 'connection_init', role: 'response' } });
  });

  it('names the operation on subscribe and on every result under its id', () => {
    const subscribe = decoded.find((d) => d.type === 'subscribe')!;
    const id = subscribe.fields.id as string;
    expect(subscribe).toMatchObject({ summary: `subscribe OnCount (id ${id})`, fields: { op: 'subscribe', operationName: 'OnCount', operationType: 'subscription' }, payload: { variables: { to: 3 } }, correlation: { key: id, role: 'request' } });
    const nexts = decoded.filter((d) => d.type === 'next' && d.fields.id === id);
    expect(nexts.map((d) => d.summary)).toEqual([1, 2, 3].map((n) => `next OnCount (id ${id}) {"data":{"count":${n}}}`));
    expect(nexts[0]).toMatchObject({ fields: { operationName: 'OnCount' }, payload: { data: { count: 1 } }, correlation: { role: 'stream' } });
    expect(decoded.find((d) => d.type === 'complete' && d.fields.id === id)).toMatchObject({ summary: `complete OnCount (id ${id})`, correlation: { key: id, role: 'complete' } });
  });

  it('labels anonymous queries and shows validation errors', () => {
    expect(decoded.find((d) => d.summary.startsWith('subscribe (anonymous query)'))?.fields.operationType).toBe('query');
    const error = decoded.find((d) => d.type === 'error')!;
    expect(error.summary).toMatch(/^error Broken \(id [^)]+\) Cannot query field "nope" on type "Query"\.$/);
    expect(error.correlation?.role).toBe('response');
  });

  it('pairs every operation with its results', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const operations = pairs.filter((p) => p.request !== undefined && decoded[p.request].type === 'subscribe');
    expect(operations).toHaveLength(3);
    expect(operations.every((p) => p.closed && p.rtt !== undefined)).toBe(true);
    expect(operations[0].responses).toHaveLength(3);
  });

  it('survives fuzzing', () => {
    fuzzDecoder(graphqlTransportWsDecoder, connection, { seed: 41, valid: connection.messages });
  });
});

describe('graphql-transport-ws keep-alives, from the graphql-ws client', () => {
  it('marks the client’s ping and the server’s pong as heartbeats, and nothing else', async () => {
    const client = createClient({ url: `${proxy.wsUrl}/graphql-keepalive`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, keepAlive: 20 });
    await new Promise<void>((resolve, reject) => client.subscribe({ query: '{ hello(name: "ka") }' }, { next: () => {}, error: reject, complete: resolve }));
    await proxy.waitFor(() => proxy.connections.find((c) => c.url.endsWith('/graphql-keepalive'))?.messages.some((m) => m.text === '{"type":"pong"}') === true);
    await client.dispose();
    const connection = proxy.connections.find((c) => c.url.endsWith('/graphql-keepalive'))!;
    const decoded = allOk(decodeConnection(graphqlTransportWsDecoder, connection, connection.messages));
    expect(decoded.filter((d) => d.heartbeat).map((d) => d.type)).toEqual(decoded.filter((d) => d.type === 'ping' || d.type === 'pong').map((d) => d.type));
    expect(decoded.some((d) => d.type === 'ping' && d.heartbeat)).toBe(true);
    expect(decoded.some((d) => d.type === 'pong' && d.heartbeat)).toBe(true);
  });
});

describe('subscriptions-transport-ws (legacy), hand-written client messages', () => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    const ws = new WebSocket(`${proxy.wsUrl}/legacy/graphql`, 'graphql-ws');
    const inbox: { type: string }[] = [];
    ws.on('message', (data: Buffer) => inbox.push(JSON.parse(data.toString())));
    await new Promise((resolve) => ws.once('open', resolve));
    const until = (n: number) => proxy.waitFor(() => inbox.length >= n);
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authToken: 'x' } }));
    await until(2);
    ws.send(JSON.stringify({ id: '1', type: 'start', payload: { query: 'subscription OnNewMessage($room: ID!) { newMessage(room: $room) { text } }', variables: { room: 'r1' }, operationName: 'OnNewMessage' } }));
    await until(4);
    ws.send(JSON.stringify({ id: '1', type: 'stop' }));
    await until(5);
    ws.send(JSON.stringify({ id: '2', type: 'start', payload: { query: 'query { broken }' } }));
    await until(6);
    ws.send(JSON.stringify({ type: 'connection_terminate' }));
    await new Promise((resolve) => ws.once('close', resolve));
    connection = proxy.connections.find((c) => c.url.includes('/legacy/'))!;
    const results = decodeConnection(subscriptionsTransportWsDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });

  it('is detected from the `graphql-ws` sub-protocol, or from its message types', () => {
    expect(connection.protocol).toBe('graphql-ws');
    expect(detectDecoder(connection, []).id).toBe('subscriptions-transport-ws');
    expect(detectDecoder({ url: 'ws://h/graphql' }, connection.messages).id).toBe('subscriptions-transport-ws');
    expect(detectDecoder({ url: 'ws://h/api' }, connection.messages).id).toBe('subscriptions-transport-ws');
  });

  it('decodes each message with the operation it belongs to', () => {
    expect(decoded.map((d) => d.summary)).toEqual([
      'connection_init',
      'connection_ack',
      'ka',
      'start OnNewMessage (id 1)',
      'data OnNewMessage (id 1) {"data":{"newMessage":{"text":"one"}}}',
      'data OnNewMessage (id 1) {"data":{"newMessage":{"text":"two"}}}',
      'stop OnNewMessage (id 1)',
      'complete OnNewMessage (id 1)',
      'start (anonymous query) (id 2)',
      'error (anonymous query) (id 2) Cannot query field "broken"',
      'connection_terminate',
    ]);
    expect(decoded[3]).toMatchObject({ fields: { op: 'start', id: '1', operationName: 'OnNewMessage', operationType: 'subscription' }, payload: { variables: { room: 'r1' } } });
  });

  it('marks the keep-alive `ka` as a heartbeat, and nothing else', () => {
    expect(decoded.filter((d) => d.heartbeat).map((d) => d.type)).toEqual(['ka']);
  });

  it('survives fuzzing', () => {
    fuzzDecoder(subscriptionsTransportWsDecoder, connection, { seed: 42, valid: connection.messages });
  });
});

describe('operation names from GraphQL documents', () => {
  it.each([
    ['query Q { a }', undefined, { type: 'query', name: 'Q' }],
    ['{ a }', undefined, { type: 'query', name: undefined }],
    ['# comment query Nope\nmutation Add($x: Int) { add(x: $x) }', undefined, { type: 'mutation', name: 'Add' }],
    ['fragment F on T { query } subscription S { s { ...F } }', undefined, { type: 'subscription', name: 'S' }],
    ['query A { a } query B { b }', 'B', { type: 'query', name: 'B' }],
    ['query{a}', undefined, { type: 'query', name: undefined }],
  ])('%s', (query, operationName, expected) => {
    expect(operationOf(query, operationName)).toEqual(expected);
  });
});
