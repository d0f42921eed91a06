/**
 * Action Cable: no Rails client is installed, so the client messages are written per the Action
 * Cable protocol (identifier and data are JSON strings) and sent through the recording proxy to a
 * small server below that answers like ActionCable::Connection (welcome, ping, confirmations,
 * broadcasts), with the sub-protocols Rails negotiates.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { actionCableDecoder } from '../../../src/decoders/action-cable';
import { detectDecoder, pairMessages } from '../../../src/decoders/index';
import type { DecodedMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection, printDecoded } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;
let connection: RecordedConnection;
let decoded: DecodedMessage[];

function serveCable(ws: WebSocket) {
  ws.send(JSON.stringify({ type: 'welcome' }));
  ws.send(JSON.stringify({ type: 'ping', message: 1700000000 }));
  ws.on('message', (data: Buffer) => {
    const { command, identifier, data: payload } = JSON.parse(data.toString());
    if (command === 'subscribe') {
      const channel = JSON.parse(identifier).channel;
      if (channel === 'SecretChannel') return ws.send(JSON.stringify({ identifier, type: 'reject_subscription' }));
      ws.send(JSON.stringify({ identifier, type: 'confirm_subscription' }));
      ws.send(JSON.stringify({ identifier, message: { type: 'presence', users: ['ann'] } }));
    }
    if (command === 'message') {
      const { action, body } = JSON.parse(payload);
      ws.send(JSON.stringify({ identifier, message: { action, body, from: 'ann' } }));
    }
    if (command === 'unsubscribe') ws.send(JSON.stringify({ type: 'disconnect', reason: 'server_restart', reconnect: true }));
  });
}

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer, handleProtocols: (protocols) => (protocols.has('actioncable-v1-json') ? 'actioncable-v1-json' : false) });
  wss.on('connection', serveCable);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);

  const ws = new WebSocket(`${proxy.wsUrl}/cable`, ['actioncable-v1-json', 'actioncable-unsupported']);
  await new Promise((resolve) => ws.once('open', resolve));
  connection = proxy.connections[0];
  const received = (n: number) => proxy.waitFor(() => connection.messages.filter((m) => m.dir === 'receive').length >= n);
  await received(2);
  const identifier = JSON.stringify({ channel: 'ChatChannel', room: 'lobby' });
  ws.send(JSON.stringify({ command: 'subscribe', identifier }));
  await received(4);
  ws.send(JSON.stringify({ command: 'message', identifier, data: JSON.stringify({ action: 'speak', body: 'hello' }) }));
  await received(5);
  ws.send(JSON.stringify({ command: 'subscribe', identifier: JSON.stringify({ channel: 'SecretChannel' }) }));
  await received(6);
  ws.send(JSON.stringify({ command: 'unsubscribe', identifier }));
  await received(7);
  ws.close();
  const results = decodeConnection(actionCableDecoder, connection, connection.messages);
  printDecoded(connection.messages, results);
  decoded = allOk(results);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

describe('Action Cable', () => {
  it('is detected from the sub-protocol, the /cable URL and the welcome', () => {
    expect(connection.protocol).toBe('actioncable-v1-json');
    expect(detectDecoder(connection, []).id).toBe('action-cable');
    expect(detectDecoder({ url: 'ws://h/ws' }, connection.messages.slice(0, 1)).id).toBe('action-cable');
  });

  it('decodes each message, parsing the identifier and data strings', () => {
    expect(decoded.map((d) => d.summary)).toEqual([
      'welcome',
      'ping',
      'subscribe ChatChannel',
      'confirm_subscription ChatChannel',
      'ChatChannel presence {"type":"presence","users":["ann"]}',
      'message ChatChannel speak {"action":"speak","body":"hello"}',
      'ChatChannel speak {"action":"speak","body":"hello","from":"ann"}',
      'subscribe SecretChannel',
      'reject_subscription SecretChannel',
      'unsubscribe ChatChannel',
      'disconnect server_restart',
    ]);
    const speak = decoded[5];
    expect(speak).toMatchObject({ protocol: 'action-cable', type: 'message', fields: { op: 'message', channel: 'ChatChannel', event: 'speak' }, payload: { identifier: { channel: 'ChatChannel', room: 'lobby' }, data: { action: 'speak', body: 'hello' } } });
    expect(decoded[6]).toMatchObject({ type: 'broadcast', fields: { op: 'broadcast', event: 'speak' }, payload: { action: 'speak', body: 'hello', from: 'ann' } });
    expect(decoded[1].payload).toBe(1700000000);
  });

  it('marks the server’s ping as a keep-alive, and nothing else', () => {
    expect(decoded.filter((d) => d.heartbeat).map((d) => d.summary)).toEqual(['ping']);
  });

  it('pairs a subscription with its confirmation and broadcasts, and a rejected one', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const chat = pairs.find((p) => p.request === 2)!;
    expect(chat.responses).toEqual([3, 4, 6]);
    expect(chat.complete).toBe(9);
    expect(chat.rtt).toBeGreaterThanOrEqual(0);
    expect(pairs.find((p) => p.request === 7)).toMatchObject({ responses: [8], closed: true });
  });

  it('reports non-Action Cable JSON', () => {
    const session = actionCableDecoder.createSession({ url: 'ws://h/cable' });
    expect(session.decode({ dir: 'receive', opcode: 1, text: '{"hello":1}' })).toEqual({ ok: false, protocol: 'action-cable', error: 'not an Action Cable message (no command, type or identifier)' });
  });

  it('survives fuzzing', () => {
    fuzzDecoder(actionCableDecoder, connection, { seed: 61, valid: connection.messages });
  });
});
