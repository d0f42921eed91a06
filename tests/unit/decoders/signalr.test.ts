/**
 * SignalR frames from the real @microsoft/signalr HubConnection (JSON hub protocol, and the
 * MessagePack one from @microsoft/signalr-protocol-msgpack) talking to a small hub server that
 * uses the same libraries' protocol classes to read and write messages, through the proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransportType, HubConnectionBuilder, JsonHubProtocol, LogLevel, MessageType, type HubMessage, type IHttpConnectionOptions, type IHubProtocol } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import WebSocket, { WebSocketServer } from 'ws';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { signalRDecoder } from '../../../src/decoders/signalr';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage, DecoderMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;

/**
 * What clients send, read here by hand: the protocol classes are client-side and ignore the
 * client-to-server types (StreamInvocation). MessagePack: VarInt length, then an array.
 */
function readClientMessages(data: Buffer, binary: boolean): HubMessage[] {
  if (!binary) return data.toString('utf8').split('\u001e').filter(Boolean).map((record) => JSON.parse(record));
  const out: HubMessage[] = [];
  for (let offset = 0; offset < data.length; ) {
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = data[offset++];
      size |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    const [type, , invocationId, target, args] = msgpackDecode(data.subarray(offset, offset + size)) as [number, unknown, string, string, unknown[]];
    out.push({ type, invocationId, target, arguments: args } as HubMessage);
    offset += size;
  }
  return out;
}

/** A hub: SendMessage returns a result and broadcasts ReceiveMessage; Counter streams n items. */
function serveHub(ws: WebSocket) {
  let protocol: IHubProtocol | undefined;
  const write = (message: HubMessage) => {
    const out = protocol!.writeMessage(message);
    ws.send(typeof out === 'string' ? out : Buffer.from(out), { binary: typeof out !== 'string' });
  };
  ws.on('message', (data: Buffer, binary) => {
    if (!protocol) {
      const text = data.toString('utf8');
      const request = JSON.parse(text.slice(0, text.indexOf('\u001e')));
      protocol = request.protocol === 'messagepack' ? new MessagePackHubProtocol() : new JsonHubProtocol();
      ws.send(request.protocol === 'messagepack' ? Buffer.from('{}\u001e') : '{}\u001e', { binary: request.protocol === 'messagepack' });
      return;
    }
    for (const message of readClientMessages(data, binary)) {
      if (message.type === MessageType.Invocation && message.target === 'SendMessage') {
        const [user, text] = message.arguments as string[];
        write({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: [user, text], headers: {} });
        write({ type: MessageType.Completion, invocationId: message.invocationId!, result: { delivered: true, length: text.length }, headers: {} });
      }
      if (message.type === MessageType.StreamInvocation && message.target === 'Counter') {
        const [count] = message.arguments as number[];
        for (let i = 0; i < count; i++) write({ type: MessageType.StreamItem, invocationId: message.invocationId!, item: i, headers: {} });
        write({ type: MessageType.Completion, invocationId: message.invocationId!, headers: {} });
      }
      if (message.type === MessageType.Invocation && message.target === 'Fail') {
        write({ type: MessageType.Completion, invocationId: message.invocationId!, error: 'HubException: nope', headers: {} });
      }
    }
  });
}

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', serveHub);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

async function converse(path: string, protocol: IHubProtocol): Promise<RecordedConnection> {
  const hub = new HubConnectionBuilder()
    // `WebSocket` is an undocumented option of HttpConnection, needed in Node (no global WebSocket in Node 20).
    .withUrl(`${proxy.httpUrl}${path}`, { skipNegotiation: true, transport: HttpTransportType.WebSockets, WebSocket } as IHttpConnectionOptions)
    .withHubProtocol(protocol)
    .configureLogging(process.env.PRINT_DECODED ? LogLevel.Debug : LogLevel.None)
    .build();
  const received = new Promise<void>((resolve) => hub.on('ReceiveMessage', () => resolve()));
  await hub.start();
  expect(await hub.invoke('SendMessage', 'ann', 'hello')).toEqual({ delivered: true, length: 5 });
  await received;
  const items: number[] = [];
  await new Promise<void>((resolve, reject) => hub.stream<number>('Counter', 3).subscribe({ next: (i) => items.push(i), complete: resolve, error: reject }));
  expect(items).toEqual([0, 1, 2]);
  await expect(hub.invoke('Fail')).rejects.toThrow('nope');
  await hub.send('Notify', { x: 1 });
  const connection = proxy.connections.find((c) => c.url.includes(path))!;
  await proxy.waitFor(() => connection.messages.some((m) => m.dir === 'send' && (m.text?.includes('Notify') || Buffer.from(m.base64 ?? '', 'base64').includes('Notify'))));
  await hub.stop();
  return connection;
}

describe.each([
  ['JSON', '/chathub', () => new JsonHubProtocol(), 'json'],
  ['MessagePack', '/msgpackhub', () => new MessagePackHubProtocol(), 'messagepack'],
] as const)('SignalR %s hub protocol, from @microsoft/signalr', (_name, path, makeProtocol, wireName) => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    connection = await converse(path, makeProtocol());
    const results = decodeConnection(signalRDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });

  it('is detected from the handshake', () => {
    expect(detectDecoder(connection, connection.messages.slice(0, 2)).id).toBe('signalr');
  });

  it('decodes the handshake request and response', () => {
    expect(decoded[0]).toMatchObject({ protocol: 'signalr', type: 'Handshake', summary: `handshake ${wireName} v1`, fields: { hubProtocol: wireName }, correlation: { key: 'handshake', role: 'request' } });
    expect(decoded[1]).toMatchObject({ type: 'HandshakeResponse', summary: 'handshake ok', correlation: { key: 'handshake', role: 'response' } });
  });

  it('decodes invocations and completions, naming the method answered', () => {
    const invoke = decoded.find((d) => d.type === 'Invocation' && d.fields.method === 'SendMessage')!;
    expect(invoke).toMatchObject({ summary: 'Invocation SendMessage (id 0) ["ann","hello"]', fields: { op: 'invocation', id: '0' }, payload: ['ann', 'hello'], correlation: { key: 'send:0', role: 'request' } });
    expect(decoded.find((d) => d.fields.method === 'ReceiveMessage')).toMatchObject({ summary: 'Invocation ReceiveMessage ["ann","hello"]', payload: ['ann', 'hello'] });
    expect(decoded.find((d) => d.type === 'Completion' && d.fields.id === '0')).toMatchObject({ summary: 'Completion SendMessage (id 0) {"delivered":true,"length":5}', payload: { delivered: true, length: 5 }, correlation: { key: 'send:0', role: 'response' } });
    expect(decoded.find((d) => d.type === 'Completion' && d.summary.includes('error'))).toMatchObject({ summary: 'Completion Fail (id 2) error HubException: nope', payload: { error: 'HubException: nope' } });
    expect(decoded.find((d) => d.fields.method === 'Notify')).toMatchObject({ summary: 'Invocation Notify [{"x":1}]' });
  });

  it('decodes streams and pairs items and completion with the stream invocation', () => {
    const stream = decoded.findIndex((d) => d.type === 'StreamInvocation');
    expect(decoded[stream]).toMatchObject({ summary: 'StreamInvocation Counter (id 1) [3]', fields: { method: 'Counter' } });
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const pair = pairs.find((p) => p.request === stream)!;
    expect(pair.responses.map((i) => decoded[i].summary)).toEqual(['StreamItem Counter (id 1) 0', 'StreamItem Counter (id 1) 1', 'StreamItem Counter (id 1) 2']);
    expect(decoded[pair.complete!]).toMatchObject({ type: 'Completion', summary: 'Completion Counter (id 1)' });
  });

  it('survives fuzzing', () => {
    fuzzDecoder(signalRDecoder, connection, { seed: wireName.length, valid: connection.messages });
  });
});

describe('SignalR frames written by the protocol classes', () => {
  const json = new JsonHubProtocol();
  const msgpack = new MessagePackHubProtocol();
  const close: HubMessage = { type: MessageType.Close, error: 'Server shutting down', allowReconnect: true };
  const cancel: HubMessage = { type: MessageType.CancelInvocation, invocationId: '7', headers: {} };
  it('decodes Close, Ping, CancelInvocation and several messages in one frame', () => {
    const session = signalRDecoder.createSession({ url: 'ws://h/hub' });
    const text = (json.writeMessage(close) as string) + (json.writeMessage({ type: MessageType.Ping }) as string);
    expect(session.decode({ dir: 'receive', opcode: 1, text })).toMatchObject({ ok: true, type: 'Close', summary: 'Close Server shutting down (may reconnect) (+1 message)' });
    expect(session.decode({ dir: 'receive', opcode: 1, text })).not.toHaveProperty('heartbeat');
    const pings = (json.writeMessage({ type: MessageType.Ping }) as string).repeat(2);
    expect(session.decode({ dir: 'receive', opcode: 1, text: pings })).toMatchObject({ ok: true, type: 'Ping', heartbeat: true });
    const binary = Buffer.concat([Buffer.from(msgpack.writeMessage(cancel)), Buffer.from(msgpack.writeMessage({ type: MessageType.Ping }))]);
    expect(session.decode({ dir: 'send', opcode: 2, base64: binary.toString('base64') })).toMatchObject({ ok: true, type: 'CancelInvocation', correlation: { key: 'send:7', role: 'complete' }, payload: [{ type: 'CancelInvocation' }, { type: 'Ping' }] });
    // The client's protocol class writes Close without an error (clients send none): a server's, per the spec.
    const serverClose = msgpackEncode([7, 'Server shutting down', true]);
    const framed = Buffer.concat([Buffer.from([serverClose.length]), serverClose]);
    expect(session.decode({ dir: 'receive', opcode: 2, base64: framed.toString('base64') })).toMatchObject({ ok: true, summary: 'Close Server shutting down (may reconnect)' });
  });
  it('reports framing errors', () => {
    const session = signalRDecoder.createSession({ url: 'ws://h/hub' });
    const m = (message: DecoderMessage) => session.decode(message);
    expect(m({ dir: 'receive', opcode: 1, text: '{"type":1}' })).toEqual({ ok: false, protocol: 'signalr', error: 'SignalR JSON message does not end with the record separator 0x1e' });
    expect(m({ dir: 'receive', opcode: 2, base64: Buffer.from([0x05, 0x91]).toString('base64') })).toMatchObject({ ok: false, error: 'SignalR MessagePack message cut short (1 of 5 B)' });
    expect(m({ dir: 'receive', opcode: 1, text: '{"type":99}\u001e' })).toMatchObject({ ok: false, error: 'not a SignalR hub message (no known "type")' });
  });
});
