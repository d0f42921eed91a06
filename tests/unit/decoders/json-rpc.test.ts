/**
 * JSON-RPC 2.0 has no single client library: requests, notifications and batches are written per
 * the specification and answered by a small server below (which also calls the client back, as
 * LSP and Ethereum servers do), through the recording proxy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { jsonRpcDecoder } from '../../../src/decoders/json-rpc';
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

type Request = { jsonrpc: '2.0'; method: string; params?: unknown; id?: number | string };
function answer(request: Request): object | undefined {
  if (request.id === undefined) return undefined;
  if (request.method === 'add') return { jsonrpc: '2.0', result: (request.params as number[]).reduce((a, b) => a + b), id: request.id };
  return { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: request.id };
}

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (Array.isArray(message)) return ws.send(JSON.stringify(message.map(answer).filter(Boolean).reverse()));
      if (message.method === 'subscribe') {
        ws.send(JSON.stringify({ jsonrpc: '2.0', result: 'sub-1', id: message.id }));
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'notify', params: { subscription: 'sub-1', value: 42 } }));
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'client.ping', id: 1 }));
        return;
      }
      const reply = message.method ? answer(message) : undefined;
      if (reply) ws.send(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);

  const ws = new WebSocket(`${proxy.wsUrl}/rpc`);
  await new Promise((resolve) => ws.once('open', resolve));
  connection = proxy.connections[0];
  const received = (n: number) => proxy.waitFor(() => connection.messages.filter((m) => m.dir === 'receive').length >= n);
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'add', params: [1, 2], id: 1 }));
  await received(1);
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'nope', id: 'b' }));
  await received(2);
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'log', params: { level: 'info' } }));
  ws.send(JSON.stringify([{ jsonrpc: '2.0', method: 'add', params: [3, 4], id: 10 }, { jsonrpc: '2.0', method: 'add', params: [5], id: 11 }, { jsonrpc: '2.0', method: 'log' }]));
  await received(3);
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscribe', params: ['newHeads'], id: 2 }));
  await received(6);
  ws.send(JSON.stringify({ jsonrpc: '2.0', result: 'pong', id: 1 }));
  await proxy.waitFor(() => connection.messages.length >= 12);
  ws.close();
  const results = decodeConnection(jsonRpcDecoder, connection, connection.messages);
  printDecoded(connection.messages, results);
  decoded = allOk(results);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

describe('JSON-RPC 2.0', () => {
  it('is detected from the messages', () => {
    expect(detectDecoder(connection, connection.messages.slice(0, 1)).id).toBe('json-rpc');
  });

  it('decodes requests, responses, errors, notifications and batches', () => {
    expect(decoded.map((d) => d.summary)).toEqual([
      'add (id 1) [1,2]',
      'result add (id 1) 3',
      'nope (id b) []',
      'error -32601 Method not found nope (id b)',
      'log {"level":"info"}',
      'batch (3) add, log',
      'batch (2) add',
      'subscribe (id 2) ["newHeads"]',
      'result subscribe (id 2) sub-1',
      'notify {"subscription":"sub-1","value":42}',
      'client.ping (id 1) []',
      'result client.ping (id 1) pong',
    ]);
    expect(decoded[0]).toMatchObject({ protocol: 'json-rpc', type: 'request', fields: { op: 'request', method: 'add', id: '1' }, payload: [1, 2], correlation: { key: 'send:1', role: 'request' } });
    expect(decoded[1]).toMatchObject({ type: 'result', fields: { op: 'result', method: 'add', id: '1' }, payload: 3, correlation: { key: 'send:1', role: 'response' } });
    expect(decoded[3]).toMatchObject({ type: 'error', payload: { code: -32601, message: 'Method not found' } });
    expect(decoded[4]).toMatchObject({ type: 'notification', fields: { method: 'log' } });
    expect(decoded[4].correlation).toBeUndefined();
  });

  it('pairs by id and by the side that asked (both sides reuse id 1), and batches by their ids', () => {
    const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: connection.messages[i].time })));
    const byRequest = new Map(pairs.filter((p) => p.request !== undefined).map((p) => [p.request!, p.responses]));
    expect(byRequest.get(0)).toEqual([1]);
    expect(byRequest.get(2)).toEqual([3]);
    expect(byRequest.get(5)).toEqual([6]);
    expect(byRequest.get(7)).toEqual([8]);
    expect(byRequest.get(10)).toEqual([11]);
    expect(decoded[5].correlation).toEqual({ key: 'send:batch:10,11', role: 'request' });
  });

  it('rejects other JSON', () => {
    const session = jsonRpcDecoder.createSession({ url: 'ws://h' });
    expect(session.decode({ dir: 'receive', opcode: 1, text: '{"id":1}' })).toEqual({ ok: false, protocol: 'json-rpc', error: 'not JSON-RPC 2.0 ("jsonrpc": "2.0" missing)' });
  });

  it('survives fuzzing', () => {
    fuzzDecoder(jsonRpcDecoder, connection, { seed: 71, valid: connection.messages });
  });
});
