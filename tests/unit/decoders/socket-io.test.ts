/**
 * Socket.IO v4 (Engine.IO v4) frames from the real socket.io-client talking to a real socket.io
 * server through the recording proxy; Socket.IO v2 (Engine.IO v3) frames from the protocol's
 * documentation (no v2 server is installed), in tests/fixtures/decoders/socket-io-v2.json.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import { socketIoDecoder } from '../../../src/decoders/socket-io';
import { engineIoDecoder } from '../../../src/decoders/engine-io';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage, DecoderMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let ioServer: Server;
let proxy: RecordingProxy;
let decoded: DecodedMessage[];
let times: number[];
let messages: DecoderMessage[];

const once = <T>(socket: Socket, event: string) => new Promise<T>((resolve) => socket.once(event, resolve as never));

beforeAll(async () => {
  httpServer = http.createServer();
  ioServer = new Server(httpServer);
  ioServer.on('connection', (socket) => {
    socket.on('chat:message', (text: string) => socket.emit('chat:message', { from: 'server', text }));
    socket.on('add', (a: number, b: number, ack: (sum: number) => void) => ack(a + b));
    socket.on('upload', (file: Buffer, meta: { name: string }) => socket.emit('stored', meta.name, Buffer.from([9, 8]), Buffer.from('xyz')));
    socket.on('ask-me', async () => {
      const answer = await socket.emitWithAck('question', 'colour?');
      socket.emit('answer-was', answer);
    });
  });
  ioServer.of('/admin').on('connection', (socket) => socket.emit('welcome', 'admin'));
  ioServer.of('/private').use((_socket, next) => next(new Error('not authorized')));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);

  const client = ioClient(proxy.httpUrl, { transports: ['websocket'], auth: { token: 't0k' } });
  await once(client, 'connect');
  client.on('question', (q: string, ack: (a: string) => void) => ack(`blue (${q})`));
  client.emit('chat:message', 'hello');
  await once(client, 'chat:message');
  expect(await client.emitWithAck('add', 2, 3)).toBe(5);
  client.emit('upload', Buffer.from([1, 2, 3]), { name: 'a.bin' });
  await once(client, 'stored');
  client.emit('ask-me');
  await once(client, 'answer-was');
  const admin = client.io.socket('/admin');
  admin.connect();
  await once(admin, 'welcome');
  const denied = client.io.socket('/private');
  denied.connect();
  await once(denied, 'connect_error');
  client.disconnect();
  await proxy.waitFor(() => proxy.connections[0]?.messages.some((m) => m.dir === 'send' && m.text === '41'));
  const [connection] = proxy.connections;
  messages = connection.messages;
  times = connection.messages.map((m) => m.time);
  decoded = allOk(decodeConnection(socketIoDecoder, connection, messages));
  printDecoded(messages, decoded);
});

afterAll(async () => {
  await proxy?.close();
  ioServer?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

const find = (predicate: (d: DecodedMessage, i: number) => boolean) => {
  const index = decoded.findIndex(predicate);
  expect(index, 'message not found').toBeGreaterThanOrEqual(0);
  return { d: decoded[index], i: index, m: messages[index] };
};

describe('Socket.IO v4 from socket.io-client and socket.io', () => {
  it('is detected from the URL and the first frames', () => {
    expect(detectDecoder(proxy.connections[0], messages.slice(0, 4)).id).toBe('socket.io');
    // Without the URL convention, the packets themselves (`40{...}`, `42[...]`) say Socket.IO.
    expect(detectDecoder({ url: 'ws://h/x' }, messages.slice(0, 4)).id).toBe('socket.io');
  });

  it('decodes the Engine.IO open packet and the namespace connect with its auth payload', () => {
    expect(decoded[0]).toMatchObject({ type: 'open', fields: { op: 'open' } });
    expect(decoded[0].summary).toMatch(/^0 open sid=/);
    const connect = find((d, i) => d.type === 'CONNECT' && messages[i].dir === 'send' && d.fields.channel === '/');
    expect(connect.d.payload).toEqual({ token: 't0k' });
    expect(connect.d.summary).toBe('40 connect');
    const accepted = find((d, i) => d.type === 'CONNECT' && messages[i].dir === 'receive' && d.fields.channel === '/');
    expect(accepted.d.fields.sid).toEqual(expect.any(String));
    expect(accepted.d.correlation).toEqual({ key: 'connect:/', role: 'response' });
  });

  it('decodes events with their name, arguments and namespace', () => {
    const sent = find((d, i) => d.fields.event === 'chat:message' && messages[i].dir === 'send');
    expect(sent.m.text).toBe('42["chat:message","hello"]');
    expect(sent.d).toMatchObject({ protocol: 'socket.io', type: 'EVENT', summary: '42 chat:message hello', fields: { op: 'event', event: 'chat:message', channel: '/' }, payload: ['hello'] });
    const echoed = find((d, i) => d.fields.event === 'chat:message' && messages[i].dir === 'receive');
    expect(echoed.d.payload).toEqual([{ from: 'server', text: 'hello' }]);
    const admin = find((d) => d.fields.event === 'welcome');
    expect(admin.d).toMatchObject({ summary: '42/admin, welcome admin', fields: { channel: '/admin' } });
  });

  it('pairs acks with their events in both directions, with round-trip times', () => {
    const add = find((d) => d.fields.event === 'add');
    expect(add.d.fields.id).toBe(0);
    expect(add.d.correlation).toEqual({ key: 'send:/:0', role: 'request' });
    const ack = find((d) => d.type === 'ACK' && d.correlation?.key === 'send:/:0');
    expect(ack.d).toMatchObject({ summary: '430 ack [5]', payload: [5], correlation: { role: 'response' } });
    const question = find((d) => d.fields.event === 'question');
    expect(question.d.correlation).toEqual({ key: `receive:/:${question.d.fields.id}`, role: 'request' });
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: times[i] })));
    const addPair = pairs.find((p) => p.key === 'send:/:0')!;
    expect(addPair).toMatchObject({ request: add.i, responses: [ack.i], closed: true });
    expect(addPair.rtt).toBeGreaterThanOrEqual(0);
    expect(pairs.find((p) => p.key === question.d.correlation!.key)?.responses).toHaveLength(1);
  });

  it('reassembles binary attachments that follow their event as binary frames', () => {
    const header = find((d) => d.fields.event === 'upload' && d.summary.includes('awaiting'));
    expect(header.d).toMatchObject({ type: 'BINARY_EVENT', summary: '45 upload ["<attachment #0>",{"name":"a.bin"}] (awaiting 1 attachment)' });
    expect(header.d.correlation).toBeUndefined();
    const done = decoded[header.i + 1];
    expect(messages[header.i + 1].opcode).toBe(2);
    expect(done).toMatchObject({ type: 'BINARY_EVENT', fields: { event: 'upload' } });
    expect(done.summary).toMatch(/^45 upload .*\(attachment 1\/1, complete\)$/);
    expect(done.payload).toEqual([{ $binary: 3, hex: '01 02 03' }, { name: 'a.bin' }]);
    // Two attachments from the server: the first is reported alone, the second completes the event.
    const stored = find((d) => d.fields.event === 'stored' && d.summary.includes('awaiting 2'));
    expect(decoded[stored.i + 1]).toMatchObject({ type: 'attachment', summary: 'attachment 1/2 for stored (2 B)' });
    expect(decoded[stored.i + 2].payload).toEqual(['a.bin', { $binary: 2, hex: '09 08' }, { $binary: 3, hex: '78 79 7a' }]);
  });

  it('decodes connect errors and the disconnect', () => {
    const error = find((d) => d.type === 'CONNECT_ERROR');
    expect(error.d).toMatchObject({ summary: '44/private, connect_error not authorized', fields: { channel: '/private' } });
    expect(decoded[decoded.length - 1]).toMatchObject({ type: 'DISCONNECT', summary: '41 disconnect' });
  });

  it('also decodes the same frames as plain Engine.IO', () => {
    const plain = allOk(decodeConnection(engineIoDecoder, proxy.connections[0], messages));
    expect(plain[0].type).toBe('open');
    expect(plain.find((d, i) => messages[i].text?.startsWith('42'))).toMatchObject({ type: 'message', fields: { op: 'message' } });
  });

  it('survives fuzzing, alone and in the middle of a real conversation', () => {
    fuzzDecoder(socketIoDecoder, proxy.connections[0], { seed: 1, valid: messages });
    fuzzDecoder(socketIoDecoder, { url: 'ws://x/socket.io/?EIO=3&transport=websocket' }, { seed: 2, valid: messages });
    fuzzDecoder(engineIoDecoder, proxy.connections[0], { seed: 3, valid: messages });
  });
});

interface Fixture {
  url: string;
  messages: (DecoderMessage & { expect: Record<string, unknown> })[];
}

describe('Socket.IO v2 (Engine.IO v3) frames from the protocol documentation', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/decoders/socket-io-v2.json', import.meta.url), 'utf8')) as Fixture;
  it('decodes each frame as documented', () => {
    const results = allOk(decodeConnection(socketIoDecoder, { url: fixture.url }, fixture.messages));
    results.forEach((result, i) => expect(result, JSON.stringify(fixture.messages[i])).toMatchObject(fixture.messages[i].expect));
  });
  it('marks Engine.IO pings and pongs as keep-alives, not the upgrade probe', () => {
    const results = allOk(decodeConnection(socketIoDecoder, { url: fixture.url }, fixture.messages));
    const pingPong = results.filter((r) => r.type === 'ping' || r.type === 'pong');
    expect(pingPong.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.heartbeat)).toEqual(pingPong);
    const session = engineIoDecoder.createSession({ url: 'ws://h/engine.io/?EIO=4&transport=websocket' });
    expect(session.decode({ dir: 'send', opcode: 1, text: '2probe' })).not.toHaveProperty('heartbeat');
    expect(session.decode({ dir: 'receive', opcode: 1, text: '3probe' })).not.toHaveProperty('heartbeat');
    expect(session.decode({ dir: 'receive', opcode: 1, text: '2' })).toMatchObject({ type: 'ping', heartbeat: true });
    expect(session.decode({ dir: 'send', opcode: 1, text: '3' })).toMatchObject({ type: 'pong', heartbeat: true });
  });
  it('learns Engine.IO v3 from the open packet when the URL does not say', () => {
    const results = allOk(decodeConnection(socketIoDecoder, { url: 'ws://example/custom-path' }, fixture.messages));
    expect(results.find((r) => r.type === 'BINARY_EVENT' && r.summary.includes('complete'))?.payload).toEqual([{ $binary: 3, hex: '01 02 03' }]);
  });
});
