/**
 * STOMP frames from the real @stomp/stompjs client (with `ws` as its WebSocket in Node) talking
 * to the small STOMP server in support/, directly and inside SockJS (sockjs-client + sockjs
 * server), through the recording proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type IMessage } from '@stomp/stompjs';
import WebSocket, { WebSocketServer } from 'ws';
import sockjs from 'sockjs';
import SockJS from 'sockjs-client';
import { stompDecoder } from '../../../src/decoders/stomp';
import { sockJsDecoder } from '../../../src/decoders/sockjs';
import { parseStompFrames } from '../../../src/decoders/stomp-frame';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage, DecoderMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';
import { forgetStompPeer, serveStomp } from './support/stomp-server';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws) => {
    const peer = { send: (data: string | Buffer) => ws.send(data), close: () => ws.close() };
    const onData = serveStomp(peer);
    ws.on('message', (data: Buffer, binary) => onData(data, binary));
    ws.on('close', () => forgetStompPeer(peer));
  });
  httpServer.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/stomp')) wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const sockServer = sockjs.createServer({ log: () => {} });
  sockServer.on('connection', (conn: { write(s: string): void; close(): void; on(e: string, f: (s: string) => void): void }) => {
    const peer = { send: (data: string | Buffer) => conn.write(data.toString()), close: () => conn.close() };
    const onData = serveStomp(peer);
    conn.on('data', (text) => onData(text));
    conn.on('close', () => forgetStompPeer(peer));
  });
  sockServer.installHandlers(httpServer, { prefix: '/sockjs' });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

/** One conversation: subscribe, JSON and binary SENDs echoed as MESSAGEs, a receipt, unsubscribe, disconnect. */
async function converse(client: Client, binary: boolean): Promise<void> {
  const connected = new Promise<void>((resolve) => (client.onConnect = () => resolve()));
  client.activate();
  await connected;
  const received: IMessage[] = [];
  const twoMessages = new Promise<void>((resolve) => {
    const subscription = client.subscribe('/topic/greetings', (message) => {
      received.push(message);
      if (received.length === (binary ? 2 : 1)) {
        subscription.unsubscribe();
        resolve();
      }
    });
  });
  const receipt = new Promise<void>((resolve) => client.watchForReceipt('r-1', () => resolve()));
  client.publish({ destination: '/topic/greetings', body: JSON.stringify({ text: 'hi' }), headers: { 'content-type': 'application/json', receipt: 'r-1' } });
  if (binary) client.publish({ destination: '/topic/greetings', binaryBody: new Uint8Array([0, 1, 2, 250]), headers: { 'content-type': 'application/octet-stream' } });
  await Promise.all([twoMessages, receipt]);
  await client.deactivate();
}

describe('STOMP over WebSocket, from @stomp/stompjs', () => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    const client = new Client({ webSocketFactory: () => new WebSocket(`${proxy.wsUrl}/stomp`, ['v12.stomp', 'v11.stomp', 'v10.stomp']), reconnectDelay: 0, heartbeatIncoming: 0, heartbeatOutgoing: 0 });
    await converse(client, true);
    connection = proxy.connections.find((c) => c.url.endsWith('/stomp'))!;
    await proxy.waitFor(() => connection.messages.some((m) => m.text?.startsWith('DISCONNECT')));
    const results = decodeConnection(stompDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });
  const byType = (type: string) => decoded.filter((d) => d.type === type);

  it('is detected from the negotiated sub-protocol, or from the first frame', () => {
    expect(connection.protocol).toBe('v12.stomp');
    expect(detectDecoder(connection, []).id).toBe('stomp');
    expect(detectDecoder({ url: 'ws://host/ws' }, connection.messages.slice(0, 1)).id).toBe('stomp');
  });

  it('decodes CONNECT/CONNECTED and the heart-beat', () => {
    expect(decoded[0]).toMatchObject({ protocol: 'stomp', type: 'CONNECT', fields: { op: 'connect' }, correlation: { key: 'connect', role: 'request' } });
    expect(decoded[0].summary).toBe('CONNECT accept-version 1.2,1.1,1.0');
    expect(decoded[1]).toMatchObject({ type: 'CONNECTED', summary: 'CONNECTED 1.2 frameline-test/1.0', correlation: { key: 'connect', role: 'response' } });
    expect(decoded[2]).toMatchObject({ type: 'heartbeat', summary: 'heartbeat' });
  });

  it('marks the heart-beat EOLs as keep-alives, and nothing else', () => {
    expect(decoded.filter((d) => d.heartbeat).map((d) => d.type)).toEqual(byType('heartbeat').map(() => 'heartbeat'));
    expect(byType('heartbeat').length).toBeGreaterThan(0);
  });

  it('decodes SUBSCRIBE, SEND with a JSON body and a receipt, and the MESSAGEs', () => {
    const [subscribe] = byType('SUBSCRIBE');
    expect(subscribe).toMatchObject({ summary: 'SUBSCRIBE /topic/greetings (id sub-0)', fields: { op: 'subscribe', destination: '/topic/greetings', id: 'sub-0' }, correlation: { key: 'sub:sub-0', role: 'request' } });
    const [send, binarySend] = byType('SEND');
    expect(send).toMatchObject({ summary: 'SEND /topic/greetings {"text":"hi"}', fields: { destination: '/topic/greetings', receipt: 'r-1', 'content-type': 'application/json' }, correlation: { key: 'receipt:r-1', role: 'request' } });
    expect(send.payload).toMatchObject({ headers: { destination: '/topic/greetings' }, body: { text: 'hi' } });
    expect(binarySend.payload).toMatchObject({ body: { $binary: 4, hex: '00 01 02 fa' } });
    const messages = byType('MESSAGE');
    expect(messages[0]).toMatchObject({ fields: { op: 'message', destination: '/topic/greetings', subscription: 'sub-0', id: 'm-1' }, correlation: { key: 'sub:sub-0', role: 'stream' } });
    expect(messages[1].payload).toMatchObject({ body: { $binary: 4 } });
    expect(byType('RECEIPT')[0]).toMatchObject({ summary: 'RECEIPT r-1', correlation: { key: 'receipt:r-1', role: 'response' } });
  });

  it('pairs the receipt and the subscription stream', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const receipt = pairs.find((p) => p.key === 'receipt:r-1')!;
    expect(decoded[receipt.request!].type).toBe('SEND');
    expect(decoded[receipt.responses[0]].type).toBe('RECEIPT');
    const subscription = pairs.find((p) => p.key === 'sub:sub-0')!;
    expect(subscription.responses.map((i) => decoded[i].type)).toEqual(['MESSAGE', 'MESSAGE']);
    expect(decoded[subscription.complete!].type).toBe('UNSUBSCRIBE');
  });

  it('ends with DISCONNECT and its receipt', () => {
    const disconnect = byType('DISCONNECT')[0];
    expect(disconnect.correlation?.role).toBe('request');
    expect(decoded[decoded.length - 1]).toMatchObject({ type: 'RECEIPT', correlation: { key: disconnect.correlation!.key } });
  });

  it('survives fuzzing', () => {
    fuzzDecoder(stompDecoder, connection, { seed: 21, valid: connection.messages });
  });
});

describe('STOMP frames in detail', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('unescapes 1.2 header values except in CONNECT/CONNECTED, and honours content-length', () => {
    const [message] = parseStompFrames(enc('MESSAGE\ndestination:/a\\cb\\nc\ncontent-length:3\n\na\u0000b\u0000'));
    expect(message.headers.destination).toBe('/a:b\nc');
    expect(Array.from(message.body)).toEqual([97, 0, 98]);
    expect(parseStompFrames(enc('CONNECT\nlogin:a\\cb\n\n\u0000'))[0].headers.login).toBe('a\\cb');
  });
  it('keeps the first of repeated headers and reads several frames per message', () => {
    const frames = parseStompFrames(enc('SEND\nfoo:1\nfoo:2\n\n\u0000\r\nACK\r\nid:5\r\n\r\n\u0000\n'));
    expect(frames.map((f) => f.command)).toEqual(['SEND', 'ACK']);
    expect(frames[0].headers.foo).toBe('1');
    expect(frames[1].headers.id).toBe('5');
    const session = stompDecoder.createSession({ url: 'ws://x' });
    expect(session.decode({ dir: 'send', opcode: 1, text: 'SEND\ndestination:/q\n\nx\u0000ACK\nid:5\n\n\u0000' })).toMatchObject({ ok: true, summary: 'SEND /q x (+1 frame)' });
  });
  it('reports what is wrong with a malformed frame', () => {
    const session = stompDecoder.createSession({ url: 'ws://x' });
    expect(session.decode({ dir: 'send', opcode: 1, text: 'SEND\ndestination:/q\n\nno nul' })).toEqual({ ok: false, protocol: 'stomp', error: 'STOMP frame not terminated by NUL' });
    expect(session.decode({ dir: 'send', opcode: 1, text: 'HELLO\n\n\u0000' })).toMatchObject({ ok: false, error: 'not a STOMP command: "HELLO"' });
    expect(session.decode({ dir: 'send', opcode: 1, text: 'SEND\ncontent-length:9\n\nab\u0000' })).toMatchObject({ ok: false, error: 'STOMP body shorter than its content-length 9' });
  });
});

describe('SockJS with STOMP inside, from sockjs-client and the sockjs server', () => {
  let connection: RecordedConnection;
  let decoded: DecodedMessage[];
  beforeAll(async () => {
    const client = new Client({ webSocketFactory: () => new SockJS(`${proxy.httpUrl}/sockjs`, null, { transports: ['websocket'] }), reconnectDelay: 0, heartbeatIncoming: 0, heartbeatOutgoing: 0 });
    await converse(client, false);
    connection = proxy.connections.find((c) => c.url.includes('/sockjs/'))!;
    await proxy.waitFor(() => connection.messages.some((m) => m.text?.includes('RECEIPT\\nreceipt-id:close-')));
    const results = decodeConnection(sockJsDecoder, connection, connection.messages);
    printDecoded(connection.messages, results);
    decoded = allOk(results);
  });

  it('is detected from the SockJS URL and its open frame', () => {
    expect(connection.url).toMatch(/\/sockjs\/\d{3}\/[^/]+\/websocket$/);
    expect(detectDecoder(connection, connection.messages.slice(0, 2)).id).toBe('sockjs');
    expect(detectDecoder({ url: 'ws://h/x' }, connection.messages.slice(0, 2)).id).toBe('sockjs');
  });

  it('decodes the SockJS frames and the STOMP frames inside them', () => {
    expect(decoded[0]).toMatchObject({ protocol: 'sockjs', type: 'open', summary: 'o open' });
    expect(decoded[1]).toMatchObject({ type: 'CONNECT', fields: { op: 'connect', frame: 'send' } });
    const connected = decoded.find((d) => d.type === 'CONNECTED')!;
    expect(connected).toMatchObject({ summary: 'CONNECTED 1.2 frameline-test/1.0', fields: { frame: 'a' }, correlation: { key: 'connect', role: 'response' } });
    expect(decoded.find((d) => d.type === 'SEND')).toMatchObject({ summary: 'SEND /topic/greetings {"text":"hi"}', payload: { body: { text: 'hi' } } });
    expect(decoded.find((d) => d.type === 'MESSAGE')).toMatchObject({ fields: { destination: '/topic/greetings' }, correlation: { role: 'stream' } });
    expect(decoded[decoded.length - 1]).toMatchObject({ type: 'RECEIPT', summary: 'RECEIPT close-1', fields: { frame: 'a' } });
  });

  it('decodes JSON, heartbeats and several messages in one frame', () => {
    const session = sockJsDecoder.createSession({ url: 'ws://h/echo/000/abcdefgh/websocket' });
    const r = (text: string, dir: DecoderMessage['dir'] = 'receive') => session.decode({ dir, opcode: 1, text });
    expect(r('h')).toMatchObject({ ok: true, type: 'heartbeat', summary: 'h heartbeat', heartbeat: true });
    // STOMP heart-beats inside SockJS frames are keep-alives too; a frame with anything else is not.
    expect(r('a["\\n"]')).toMatchObject({ ok: true, type: 'heartbeat', heartbeat: true });
    expect(r('a["\\n","plain"]')).not.toHaveProperty('heartbeat');
    expect(r('a["{\\"type\\":\\"hello\\"}","plain"]')).toMatchObject({ ok: true, summary: '{"type":"hello"} (+1 more)', payload: [{ payload: { type: 'hello' } }, { payload: 'plain' }] });
    expect(r('["x"]', 'send')).toMatchObject({ ok: true, summary: 'x', payload: 'x' });
    expect(r('c[3000,"Go away!"]')).toMatchObject({ ok: true, type: 'close', summary: 'c close 3000 Go away!', fields: { code: 3000 } });
    expect(r('m"single"')).toMatchObject({ ok: true, summary: 'single', fields: { frame: 'm' } });
    expect(r('a[1]')).toMatchObject({ ok: false, error: 'SockJS array frame is not an array of strings' });
    expect(r('z')).toMatchObject({ ok: false, error: 'unknown SockJS frame type "z"' });
  });

  it('survives fuzzing', () => {
    fuzzDecoder(sockJsDecoder, connection, { seed: 31, valid: connection.messages });
  });
});
