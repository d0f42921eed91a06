/**
 * Phoenix Channels frames from the real `phoenix` client (with ws as its transport) talking to a
 * small server below that speaks the channel protocol: serializer v2 (arrays, and binary frames
 * for ArrayBuffer payloads) and v1 (objects, via the client's encode/decode options).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Socket } from 'phoenix';
import WebSocket, { WebSocketServer } from 'ws';
import { phoenixDecoder } from '../../../src/decoders/phoenix';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;

type Msg = { join_ref: string | null; ref: string | null; topic: string; event: string; payload: unknown };

/** Server-side binary frames, laid out as Phoenix.Socket.V2.JSONSerializer writes them. */
function binaryReply(m: Msg, status: string, response: Buffer): Buffer {
  const [joinRef, ref, topic, st] = [m.join_ref ?? '', m.ref ?? '', m.topic, status].map((s) => Buffer.from(s));
  return Buffer.concat([Buffer.from([1, joinRef.length, ref.length, topic.length, st.length]), joinRef, ref, topic, st, response]);
}
function binaryBroadcast(topic: string, event: string, payload: Buffer): Buffer {
  const [t, e] = [Buffer.from(topic), Buffer.from(event)];
  return Buffer.concat([Buffer.from([2, t.length, e.length]), t, e, payload]);
}
function readClientBinary(data: Buffer): Msg {
  const sizes = [data[1], data[2], data[3], data[4]];
  let offset = 5;
  const [joinRef, ref, topic, event] = sizes.map((size) => data.subarray(offset, (offset += size)).toString());
  return { join_ref: joinRef, ref, topic, event, payload: data.subarray(offset) };
}

function serveChannels(ws: WebSocket, v1: boolean) {
  const encode = (m: Msg) => JSON.stringify(v1 ? m : [m.join_ref, m.ref, m.topic, m.event, m.payload]);
  const reply = (m: Msg, response: unknown) => ws.send(encode({ join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status: 'ok', response } }));
  ws.on('message', (data: Buffer, binary) => {
    const m: Msg = binary ? readClientBinary(data) : v1 ? JSON.parse(data.toString()) : (([join_ref, ref, topic, event, payload]) => ({ join_ref, ref, topic, event, payload }))(JSON.parse(data.toString()));
    if (m.event === 'phx_join') {
      reply(m, {});
      ws.send(encode({ join_ref: null, ref: null, topic: m.topic, event: 'new_msg', payload: { body: 'welcome' } }));
    } else if (m.event === 'heartbeat' || m.event === 'shout') reply(m, m.event === 'shout' ? { echo: m.payload } : {});
    else if (m.event === 'upload') {
      ws.send(binaryReply(m, 'ok', Buffer.from([1, 2, 3])));
      ws.send(binaryBroadcast(m.topic, 'blob', Buffer.from([0xff])));
    } else if (m.event === 'phx_leave') {
      reply(m, {});
      ws.send(encode({ join_ref: m.join_ref, ref: m.join_ref, topic: m.topic, event: 'phx_close', payload: {} }));
    }
  });
}

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws, req) => serveChannels(ws, /vsn=1/.test(req.url ?? '')));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

type Push = { receive(status: string, callback: (response: unknown) => void): Push };
const ok = (push: Push) => new Promise<unknown>((resolve) => push.receive('ok', resolve));

async function converse(v1: boolean): Promise<RecordedConnection> {
  const options = v1
    ? { vsn: '1.0.0', encode: (msg: unknown, callback: (s: string) => void) => callback(JSON.stringify(msg)), decode: (raw: string, callback: (m: unknown) => void) => callback(JSON.parse(raw)) }
    : {};
  const socket = new Socket(`${proxy.wsUrl}/socket`, { transport: WebSocket, params: { token: 't' }, heartbeatIntervalMs: 600_000, ...options });
  socket.connect();
  const channel = socket.channel('room:lobby', { user: 'ann' });
  const welcome = new Promise((resolve) => channel.on('new_msg', resolve));
  await ok(channel.join());
  await welcome;
  expect(await ok(channel.push('shout', { body: 'hi' }))).toEqual({ echo: { body: 'hi' } });
  if (!v1) {
    const blob = new Promise((resolve) => channel.on('blob', resolve));
    const response = await ok(channel.push('upload', new Uint8Array([5, 6, 7]).buffer));
    expect(new Uint8Array(response as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    await blob;
  }
  const heartbeat = socket.push({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: socket.makeRef() });
  void heartbeat;
  await ok(channel.leave());
  const connection = proxy.connections.find((c) => c.url.includes(v1 ? 'vsn=1' : 'vsn=2'))!;
  await proxy.waitFor(() => connection.messages.some((m) => m.text?.includes('phx_close')));
  socket.disconnect();
  return connection;
}

describe.each([
  ['v2 (arrays and binary)', false],
  ['v1 (objects)', true],
] as const)('Phoenix Channels %s, from the phoenix client', (_name, v1) => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    connection = await converse(v1);
    const results = decodeConnection(phoenixDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });

  it('is detected from the URL and the first frames', () => {
    expect(connection.url).toMatch(/\/socket\/websocket\?token=t&vsn=\d\.0\.0$/);
    expect(detectDecoder(connection, []).id).toBe('phoenix');
    expect(detectDecoder({ url: 'ws://h/x' }, connection.messages.slice(0, 2)).id).toBe('phoenix');
  });

  it('decodes the join and its reply, with topic, refs and status', () => {
    const ref = decoded[0].fields.id;
    expect(decoded[0]).toMatchObject({ protocol: 'phoenix', type: 'phx_join', summary: `phx_join room:lobby (ref ${ref}) {"user":"ann"}`, fields: { op: 'phx_join', event: 'phx_join', topic: 'room:lobby', channel: 'room:lobby', joinRef: ref }, payload: { user: 'ann' }, correlation: { key: `ref:${ref}`, role: 'request' } });
    expect(decoded[1]).toMatchObject({ type: 'phx_reply', summary: `phx_reply room:lobby ok (ref ${ref})`, fields: { status: 'ok', id: ref }, correlation: { key: `ref:${ref}`, role: 'response' } });
    expect(decoded[2]).toMatchObject({ type: 'event', summary: 'new_msg room:lobby {"body":"welcome"}', fields: { event: 'new_msg', topic: 'room:lobby' } });
    expect(decoded[2].correlation).toBeUndefined();
  });

  it('decodes pushes and replies carrying a response, and heartbeats', () => {
    const shout = decoded.find((d) => d.fields.event === 'shout')!;
    expect(shout).toMatchObject({ type: 'event', summary: `shout room:lobby (ref ${shout.fields.id}) {"body":"hi"}` });
    expect(decoded.find((d) => d.correlation?.key === shout.correlation?.key && d.type === 'phx_reply')?.summary).toBe(`phx_reply room:lobby ok (ref ${shout.fields.id}) {"echo":{"body":"hi"}}`);
    expect(decoded.find((d) => d.type === 'heartbeat')).toMatchObject({ fields: { topic: 'phoenix' }, summary: expect.stringMatching(/^heartbeat \(ref \d+\)$/) });
    expect(decoded.find((d) => d.type === 'phx_close')).toMatchObject({ summary: expect.stringMatching(/^phx_close room:lobby/) });
  });

  it('marks the heartbeat and its reply as keep-alives, and nothing else', () => {
    const heartbeats = decoded.filter((d) => d.heartbeat);
    expect(heartbeats.map((d) => d.type)).toEqual(['heartbeat', 'phx_reply']);
    expect(heartbeats.every((d) => d.fields.topic === 'phoenix')).toBe(true);
    expect(decoded.filter((d) => d.type === 'phx_reply' && d.fields.topic !== 'phoenix').every((d) => !d.heartbeat)).toBe(true);
  });

  it('pairs every push with its reply', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const requests = pairs.filter((p) => p.request !== undefined);
    expect(requests.length).toBe(v1 ? 4 : 5);
    expect(requests.every((p) => p.closed && decoded[p.responses[0]].type === 'phx_reply')).toBe(true);
  });

  it('survives fuzzing', () => {
    fuzzDecoder(phoenixDecoder, connection, { seed: v1 ? 51 : 52, valid: connection.messages });
  });
});

describe('Phoenix binary frames', () => {
  it('decodes client pushes, server replies and broadcasts by their layout per direction', async () => {
    const connection = proxy.connections.find((c) => c.url.includes('vsn=2'))!;
    const decoded = allOk(decodeConnection(phoenixDecoder, connection, connection.messages));
    const binary = decoded.filter((_d, i) => connection.messages[i].opcode === 2);
    expect(binary.map((d) => d.summary)).toEqual([expect.stringMatching(/^upload room:lobby \(ref \d+\) <3 B>$/), expect.stringMatching(/^phx_reply room:lobby ok \(ref \d+\) <3 B>$/), 'blob room:lobby <1 B>']);
    expect(binary[0].payload).toEqual({ $binary: 3, hex: '05 06 07' });
    expect(binary[1].payload).toEqual({ status: 'ok', response: { $binary: 3, hex: '01 02 03' } });
  });
  it('reports malformed frames', () => {
    const session = phoenixDecoder.createSession({ url: 'ws://h/socket/websocket?vsn=2.0.0' });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from([1, 9, 9, 9, 9, 65]).toString('base64') })).toEqual({ ok: false, protocol: 'phoenix', error: 'Phoenix binary header cut short' });
    expect(session.decode({ dir: 'receive', opcode: 1, text: '[1,2,3]' })).toMatchObject({ ok: false, error: 'Phoenix v2 message must be a 5-element array, got 3' });
  });
});
