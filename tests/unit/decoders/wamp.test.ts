/**
 * WAMP frames from the real Autobahn|JS client, once per serialization (JSON, MessagePack, CBOR,
 * chosen by the sub-protocol it negotiates), talking to a minimal router below that uses
 * Autobahn's own serializer classes, through the recording proxy.
 *
 * The client is Autobahn's browser build (autobahn-browser): the Node package pulls in native
 * WebSocket accelerators (bufferutil, utf-8-validate) that run install scripts. The browser build
 * talks through `globalThis.WebSocket`, which these tests point at the `ws` client.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import autobahn from 'autobahn-browser';
import WebSocket, { WebSocketServer } from 'ws';
import { wampDecoder } from '../../../src/decoders/wamp';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;

const { CBORSerializer, JSONSerializer, MsgpackSerializer } = autobahn.serializer;

type Serializer = { serialize(value: unknown): unknown; unserialize(payload: unknown): unknown; BINARY: boolean };
const SERIALIZERS: Record<string, () => Serializer> = {
  'wamp.2.json': () => new JSONSerializer(),
  'wamp.2.msgpack': () => new MsgpackSerializer(),
  'wamp.2.cbor': () => new CBORSerializer(),
};

/** One session's router: a broker and a dealer for that session alone, enough for the client. */
function serveWamp(ws: WebSocket) {
  const serializer = SERIALIZERS[ws.protocol]();
  const send = async (message: unknown[]) => {
    const out = await serializer.serialize(message);
    ws.send(out as Buffer | string, { binary: serializer.BINARY });
  };
  const subscriptions = new Map<string, number>();
  const registrations = new Map<string, number>();
  const invocations = new Map<number, number>();
  let ids = 100;
  ws.on('message', async (data: Buffer) => {
    const message = serializer.unserialize(serializer.BINARY ? data : data.toString()) as unknown[];
    const [code, ...rest] = message as [number, ...unknown[]];
    switch (code) {
      case 1:
        return send([2, 9001, { roles: { broker: {}, dealer: {} } }]);
      case 32:
        subscriptions.set(rest[2] as string, ++ids);
        return send([33, rest[0], ids]);
      case 34:
        return send([35, rest[0]]);
      case 16: {
        const [request, options, topic, args, kwargs] = rest as [number, { acknowledge?: boolean; exclude_me?: boolean }, string, unknown[], object];
        const publication = ++ids;
        if (options.acknowledge) await send([17, request, publication]);
        if (subscriptions.has(topic) && options.exclude_me === false) await send([36, subscriptions.get(topic), publication, {}, args ?? [], kwargs ?? {}]);
        return;
      }
      case 64:
        registrations.set(rest[2] as string, ++ids);
        return send([65, rest[0], ids]);
      case 48: {
        const [request, , procedure, args, kwargs] = rest as [number, object, string, unknown[], object];
        if (!registrations.has(procedure)) return send([8, 48, request, {}, 'wamp.error.no_such_procedure', [`no procedure ${procedure}`]]);
        invocations.set(++ids, request);
        return send([68, ids, registrations.get(procedure), {}, args ?? [], kwargs ?? {}]);
      }
      case 70: {
        const [invocation, , args] = rest as [number, object, unknown[]];
        return send([50, invocations.get(invocation), {}, args ?? []]);
      }
      case 6:
        return send([6, {}, 'wamp.close.goodbye_and_out']);
    }
  });
}

beforeAll(async () => {
  vi.stubGlobal('WebSocket', WebSocket);
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', serveWamp);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
  vi.unstubAllGlobals();
});

async function converse(protocol: string): Promise<RecordedConnection> {
  const before = proxy.connections.length;
  const connection = new autobahn.Connection({ url: `${proxy.wsUrl}/ws`, realm: 'realm1', serializers: [SERIALIZERS[protocol]()], max_retries: 0 });
  await new Promise<void>((resolve, reject) => {
    connection.onopen = async (session: any) => {
      try {
        await session.register('com.example.add', (args: number[]) => args[0] + args[1]);
        let delivered!: (args: unknown) => void;
        const event = new Promise((done) => (delivered = done));
        const subscription = await session.subscribe('com.example.news', delivered);
        await session.publish('com.example.news', ['hello'], { lang: 'en' }, { acknowledge: true, exclude_me: false });
        await event;
        expect(await session.call('com.example.add', [2, 3])).toBe(5);
        await session.call('com.example.missing', []).then(reject, () => undefined);
        await session.unsubscribe(subscription);
        connection.close();
        resolve();
      } catch (error) {
        reject(error);
      }
    };
    connection.open();
  });
  const recorded = proxy.connections[before];
  await proxy.waitFor(() => recorded.messages.filter((m) => m.dir === 'receive').length >= 10);
  return recorded;
}

describe.each(['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor'])('WAMP over %s, from Autobahn|JS', (protocol) => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    connection = await converse(protocol);
    const results = decodeConnection(wampDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });
  const find = (type: string) => decoded.find((d) => d.type === type)!;

  it('negotiates the serialization by sub-protocol, and is detected from it', () => {
    expect(connection.protocol).toBe(protocol);
    expect(connection.messages[0].opcode).toBe(protocol === 'wamp.2.json' ? 1 : 2);
    expect(detectDecoder(connection, []).id).toBe('wamp');
    // WAMP-JSON without its sub-protocol: the HELLO/WELCOME with their roles.
    if (protocol === 'wamp.2.json') expect(detectDecoder({ url: connection.url }, connection.messages).id).toBe('wamp');
  });

  it('decodes the session opening', () => {
    expect(decoded[0]).toMatchObject({ protocol: 'wamp', type: 'HELLO', summary: 'HELLO realm1', fields: { op: 'hello', realm: 'realm1' }, correlation: { key: 'session', role: 'request' } });
    expect(decoded[0].payload).toMatchObject({ roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } });
    expect(decoded[1]).toMatchObject({ type: 'WELCOME', summary: 'WELCOME session 9001', fields: { session: '9001' }, correlation: { key: 'session', role: 'response' } });
  });

  it('decodes RPC, naming the procedure on every message of a call', () => {
    const register = find('REGISTER');
    expect(register).toMatchObject({ fields: { op: 'register', method: 'com.example.add' }, correlation: { role: 'request' } });
    expect(find('REGISTERED')).toMatchObject({ summary: `REGISTERED com.example.add (req ${register.fields.id})`, correlation: { key: register.correlation!.key, role: 'response' } });
    const call = find('CALL');
    expect(call).toMatchObject({ summary: `CALL com.example.add (req ${call.fields.id}) [2,3]`, payload: { args: [2, 3] } });
    const invocation = find('INVOCATION');
    expect(invocation).toMatchObject({ summary: `INVOCATION com.example.add (req ${invocation.fields.id}) [2,3]`, fields: { method: 'com.example.add' }, correlation: { key: `receive:${invocation.fields.id}`, role: 'request' } });
    expect(find('YIELD')).toMatchObject({ fields: { method: 'com.example.add' }, payload: { args: [5] }, correlation: { key: `receive:${invocation.fields.id}`, role: 'response' } });
    expect(find('RESULT')).toMatchObject({ summary: `RESULT com.example.add (req ${call.fields.id}) [5]`, correlation: { key: call.correlation!.key, role: 'response' } });
    expect(find('ERROR').summary).toMatch(/^ERROR wamp\.error\.no_such_procedure CALL com\.example\.missing \(req \d+\) \["no procedure com\.example\.missing"\]$/);
  });

  it('decodes pub/sub, naming the topic of an EVENT from its subscription', () => {
    expect(find('SUBSCRIBED')).toMatchObject({ fields: { topic: 'com.example.news' } });
    expect(find('PUBLISH')).toMatchObject({ fields: { topic: 'com.example.news' }, payload: { args: ['hello'], kwargs: { lang: 'en' }, details: { acknowledge: true } } });
    const subscription = '102'; // the router numbers the registration 101, then the subscription 102
    expect(find('EVENT')).toMatchObject({ summary: `EVENT com.example.news (sub ${subscription}) {"args":["hello"],"kwargs":{"lang":"en"}}`, fields: { topic: 'com.example.news', subscription } });
    expect(find('UNSUBSCRIBED').fields.topic).toBe('com.example.news');
    expect(find('GOODBYE')).toMatchObject({ fields: { reason: expect.stringMatching(/^wamp\.close\./) } });
  });

  it('pairs every request with its answer', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const open = pairs.filter((p) => p.request !== undefined && !p.closed);
    expect(open).toEqual([]);
    expect(pairs.filter((p) => p.request !== undefined)).toHaveLength(8);
  });

  it('survives fuzzing', () => {
    fuzzDecoder(wampDecoder, connection, { seed: protocol.length, valid: connection.messages });
  });
});

describe('WAMP without a sub-protocol, and batched', () => {
  it('guesses JSON for text and MessagePack or CBOR for binary', async () => {
    const session = wampDecoder.createSession({ url: 'ws://h/ws' });
    const msgpack = new MsgpackSerializer().serialize([48, 7, {}, 'com.x', [1]]);
    const cbor = await new CBORSerializer().serialize([50, 7, {}, [2]]);
    expect(session.decode({ dir: 'send', opcode: 2, base64: Buffer.from(msgpack).toString('base64') })).toMatchObject({ ok: true, summary: 'CALL com.x (req 7) [1]' });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from(cbor).toString('base64') })).toMatchObject({ ok: true, summary: 'RESULT com.x (req 7) [2]' });
    expect(session.decode({ dir: 'receive', opcode: 1, text: '[36,5,6,{},["\\u0000AQID"]]' })).toMatchObject({ ok: true, payload: { args: [{ $binary: 3, hex: '01 02 03' }] } });
  });
  it('splits batched JSON', () => {
    const session = wampDecoder.createSession({ url: 'ws://h/ws', protocol: 'wamp.2.json.batched' });
    expect(session.decode({ dir: 'receive', opcode: 1, text: '[36,5,6,{}]\u001e[36,5,7,{}]\u001e' })).toMatchObject({ ok: true, summary: 'EVENT (sub 5) (+1 more)' });
  });
});
