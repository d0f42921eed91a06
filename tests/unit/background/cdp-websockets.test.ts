import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCdpSocketTranslator, workerContextOf, type CdpSocketChange } from '../../../src/background/cdp-websockets';
import { bytesToBase64 } from '../../../src/lib/bytes';

/** Events recorded from Chromium 156's debugger for a dedicated worker, with the server's log of the same run. */
const recorded = JSON.parse(readFileSync(new URL('../../fixtures/cdp/dedicated-worker-events.json', import.meta.url), 'utf8')) as {
  events: { method: string; params: any }[];
  serverFrames: { direction: 'received' | 'sent'; isBinary: boolean; base64: string }[];
};

function replay(events = recorded.events) {
  const attached = events.find((e) => e.method === 'Target.attachedToTarget')!;
  const context = workerContextOf(attached.params.targetInfo)!;
  const translator = createCdpSocketTranslator({ docId: 'cdp-T', context, now: () => 1_000 });
  const changes: CdpSocketChange[] = [];
  for (const e of events) {
    const change = translator.handle(e.method, e.params);
    if (change) changes.push(change);
  }
  return { context, changes };
}

describe('CDP WebSocket events → connections and messages', () => {
  it('labels the target by its worker kind and script, and skips pages and frames', () => {
    expect(workerContextOf({ targetId: 'a', type: 'worker', url: 'http://x/w.js' })).toEqual({ kind: 'worker', scriptUrl: 'http://x/w.js' });
    expect(workerContextOf({ targetId: 'a', type: 'shared_worker', url: 'http://x/s.js' })).toEqual({ kind: 'sharedworker', scriptUrl: 'http://x/s.js', shared: true });
    expect(workerContextOf({ targetId: 'a', type: 'service_worker', url: 'http://x/sw.js' })).toEqual({ kind: 'serviceworker', scriptUrl: 'http://x/sw.js', shared: true });
    expect(workerContextOf({ targetId: 'a', type: 'page', url: 'http://x/' })).toBeUndefined();
    expect(workerContextOf({ targetId: 'a', type: 'iframe', url: 'http://x/' })).toBeUndefined();
    // The worker hook captures these.
    expect(workerContextOf({ targetId: 'a', type: 'worker', url: 'blob:http://x/1234' })).toBeUndefined();
    expect(workerContextOf({ targetId: 'a', type: 'worker', url: 'data:text/javascript,1' })).toBeUndefined();
  });

  it('gives the recorded messages with the exact bytes the server logged, in order', () => {
    const { changes } = replay();
    const messages = changes.flatMap((c) => (c.message ? [c.message] : []));
    const asServer = messages.map((m) => ({
      direction: m.dir === 'send' ? 'received' : 'sent',
      isBinary: m.text === undefined,
      base64: m.text !== undefined ? Buffer.from(m.text, 'utf8').toString('base64') : bytesToBase64(new Uint8Array(m.bytes!)),
    }));
    const server = recorded.serverFrames;
    // The server logs its echo right after each received frame; the worker sent both first.
    const order = (list: typeof asServer) => [...list].sort((a, b) => (a.direction + a.base64).localeCompare(b.direction + b.base64));
    expect(order(asServer)).toEqual(order(server));
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(messages.map((m) => m.size)).toEqual(server.filter((f) => f.direction === 'received').concat(server.filter((f) => f.direction === 'sent')).map((f) => Buffer.from(f.base64, 'base64').length));
  });

  it('builds the connection: worker context, handshake, open and closed times on the wall clock, counters, no close code', () => {
    const { changes, context } = replay();
    const c = changes[0].connection;
    expect(changes[0].created).toBe(true);
    expect(c.id).toBe('cdp-T:1');
    expect(c.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/dedicated$/);
    expect(c.context).toEqual(context);
    expect(c.capturedBy).toBe('debugger');
    expect(c.frameUrl).toBe(context.scriptUrl);
    expect(c.initiator?.split('\n')[0]).toMatch(/^socketJob@http:\/\/127\.0\.0\.1:\d+\/workers\/socket-job\.js:8:14$/);
    expect(c.handshake?.status).toBe(101);
    expect(c.handshake?.requestHeaders?.some((h) => h.name === 'Sec-WebSocket-Key')).toBe(true);
    expect(c.state).toBe('closed');
    expect(c.closeCode).toBeUndefined();
    // Tied to the wall clock by the handshake request's wallTime (2026), not `now()`.
    expect(c.createdAt).toBeGreaterThan(Date.UTC(2020, 0));
    expect(c.openedAt!).toBeGreaterThanOrEqual(c.createdAt);
    expect(c.closedAt!).toBeGreaterThanOrEqual(c.openedAt!);
    expect(c.sent).toEqual({ count: 2, bytes: changes.filter((x) => x.message?.dir === 'send').reduce((n, x) => n + x.message!.size, 0) });
    expect(c.received.count).toBe(2);
  });

  it('ignores events of sockets it never saw created, control opcodes and malformed params', () => {
    const translator = createCdpSocketTranslator({ docId: 'd', context: { kind: 'worker', scriptUrl: 'w' }, now: () => 5 });
    expect(translator.handle('Network.webSocketFrameSent', { requestId: 'x', response: { opcode: 1, payloadData: 'a' } })).toBeUndefined();
    expect(translator.handle('Network.webSocketCreated', null)).toBeUndefined();
    translator.handle('Network.webSocketCreated', { requestId: 'r', url: 'ws://h/' });
    expect(translator.handle('Network.webSocketFrameSent', { requestId: 'r', response: { opcode: 9, payloadData: '' } })).toBeUndefined();
    const error = translator.handle('Network.webSocketFrameError', { requestId: 'r', timestamp: 1, errorMessage: 'boom' })!;
    expect(error.connection.errors).toEqual([{ time: 5, text: 'boom' }]);
    expect(error.connection.state).toBe('error');
  });
});

describe('a target that sends no webSocketCreated (a shared worker attached by id, Chromium 156)', () => {
  it('creates the connection at the handshake request and reads its URL from the request line', () => {
    const events = recorded.events.filter((e) => e.method !== 'Network.webSocketCreated');
    const handshakeRequest = events.findIndex((e) => e.method === 'Network.webSocketWillSendHandshakeRequest');
    // Connections change in place: read the URL before the response comes.
    expect(replay(events.slice(0, handshakeRequest + 1)).changes[0].connection.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/…$/);
    const { changes } = replay(events);
    expect(changes[0].created).toBe(true);
    const c = changes.at(-1)!.connection;
    expect(c.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/dedicated$/);
    expect(c.createdAt).toBeGreaterThan(Date.UTC(2020, 0));
    expect(changes.filter((x) => x.message)).toHaveLength(4);
    expect(changes.filter((x) => x.created)).toHaveLength(1);
  });
});

describe('payloads over the truncation size', () => {
  it('keep a prefix within the limit, the whole size and a truncated mark', () => {
    const translator = createCdpSocketTranslator({ docId: 'd', context: { kind: 'worker', scriptUrl: 'w' }, now: () => 5, maxMessageBytes: 10 });
    translator.handle('Network.webSocketCreated', { requestId: 'r', url: 'ws://h/' });
    const text = translator.handle('Network.webSocketFrameSent', { requestId: 'r', response: { opcode: 1, payloadData: 'abcdefghi😀xyz' } })!.message!;
    expect(text).toMatchObject({ text: 'abcdefghi', size: 16, truncated: true });
    const binary = translator.handle('Network.webSocketFrameReceived', { requestId: 'r', response: { opcode: 2, payloadData: Buffer.from('0123456789ABCDEF').toString('base64') } })!.message!;
    expect(binary.size).toBe(16);
    expect(Buffer.from(binary.bytes!).toString()).toBe('0123456789');
    expect(binary.truncated).toBe(true);
    const small = translator.handle('Network.webSocketFrameSent', { requestId: 'r', response: { opcode: 1, payloadData: 'é' } })!.message!;
    expect(small).toMatchObject({ text: 'é', size: 2, truncated: false });
  });
});
