import { describe, expect, it } from 'vitest';
import { cleanStack, createDocumentLog } from '../../../src/content/document-log';
import type { HookRecord } from '../../../src/protocol/hook-dialect';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';
import { base64ToBytes } from '../../../src/lib/bytes';

const batch = (...records: HookRecord[]) => ({ v: PROTOCOL_VERSION, records });
const create = (id: number, url = 'ws://x/'): HookRecord => ({ k: 'create', id, url, protocols: ['a', 'b'], time: 1000, stack: 'Error\n at page.js:1:2', api: 'WebSocket' });
let seq = 0;
const msg = (id: number, dir: 0 | 1, data: string | ArrayBuffer, extra: Partial<HookRecord> = {}): HookRecord =>
  ({ k: 'msg', id, seq: ++seq, dir, time: 2000 + seq, data, size: typeof data === 'string' ? -1 : data.byteLength, truncated: false, discarded: false, ...extra }) as HookRecord;

describe('document log', () => {
  it('builds connection facts from hook records', () => {
    const log = createDocumentLog({ docId: 'd1', frameUrl: 'http://page/' });
    log.ingest(batch(create(1)));
    log.ingest(batch({ k: 'open', id: 1, time: 1500, protocol: 'b', extensions: 'permessage-deflate' }));
    log.ingest(batch(msg(1, 0, 'héllo'), msg(1, 1, new Uint8Array([1, 2, 3]).buffer)));
    const changes = log.ingest(batch({ k: 'closing', id: 1, time: 2500 }, { k: 'close', id: 1, time: 3000, code: 4001, reason: 'bye', wasClean: true }));
    const [info] = changes.connections;
    expect(info).toMatchObject({
      id: 'd1:1',
      url: 'ws://x/',
      frameUrl: 'http://page/',
      protocolsRequested: ['a', 'b'],
      protocol: 'b',
      extensions: 'permessage-deflate',
      state: 'closed',
      createdAt: 1000,
      openedAt: 1500,
      closedAt: 3000,
      closeCode: 4001,
      closeReason: 'bye',
      wasClean: true,
      sent: { count: 1, bytes: 6 },
      received: { count: 1, bytes: 3 },
    });
    expect(info.initiator).toBe('at page.js:1:2');
  });

  it('emits wire messages: text with UTF-8 size, binary as base64', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { messages } = log.ingest(batch(msg(1, 0, '€'), msg(1, 1, new Uint8Array([0, 255]).buffer)));
    expect(messages[0]).toMatchObject({ connId: 'd:1', dir: 'send', opcode: 1, size: 3, text: '€' });
    expect(messages[1]).toMatchObject({ connId: 'd:1', dir: 'receive', opcode: 2, size: 2 });
    expect([...base64ToBytes(messages[1].base64!)]).toEqual([0, 255]);
  });

  it('marks error state, truncation and discarded sends (not counted as sent)', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { messages } = log.ingest(batch(msg(1, 1, 'abc', { size: 10_000, truncated: true } as never), msg(1, 0, 'late', { discarded: true } as never)));
    expect(messages[0]).toMatchObject({ size: 10_000, truncated: true });
    expect(messages[1]).toMatchObject({ discarded: true });
    const { connections } = log.ingest(batch({ k: 'error', id: 1, time: 5 }, { k: 'close', id: 1, time: 6, code: 1006, reason: '', wasClean: false }));
    expect(connections[0]).toMatchObject({ state: 'error', errored: true, closeCode: 1006, sent: { count: 0 }, received: { count: 1, bytes: 10_000 } });
  });

  it('keeps at most maxMessages, oldest dropped first, and counts what it dropped', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '', limits: { maxMessages: 3, maxBytes: 1e9 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 5; i++) log.ingest(batch(msg(1, 1, `m${i}`)));
    const snap = log.snapshot();
    expect(snap.messages.map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);
    expect(log.dropped).toBe(2);
    expect(snap.connections[0].received.count).toBe(5);
  });

  it('keeps within maxBytes', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '', limits: { maxMessages: 1e6, maxBytes: 2500 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 10; i++) log.ingest(batch(msg(1, 1, new ArrayBuffer(1000))));
    expect(log.messageCount).toBe(2);
    expect(log.heldBytes).toBeLessThanOrEqual(2500);
    expect(log.dropped).toBe(8);
  });

  it('compacts its storage over a long run and still snapshots in order', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '', limits: { maxMessages: 100, maxBytes: 1e9 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 5000; i++) log.ingest(batch(msg(1, 1, String(i))));
    const texts = log.snapshot().messages.map((m) => Number(m.text));
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
  });

  it('clear forgets messages and finished connections but keeps open ones', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1), create(2), msg(1, 0, 'x'), { k: 'close', id: 2, time: 1, code: 1000, reason: '', wasClean: true }));
    log.clear();
    const snap = log.snapshot();
    expect(snap.messages).toEqual([]);
    expect(snap.connections.map((c) => c.id)).toEqual(['d:1']);
  });

  it('skips malformed records and records for unknown sockets without losing the rest', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '' });
    const { messages } = log.ingest({ v: PROTOCOL_VERSION, records: [null, { k: 'msg', id: 99 }, create(1), msg(1, 0, 'ok')] as never });
    expect(messages.map((m) => m.text)).toEqual(['ok']);
  });
});

describe('cleanStack', () => {
  it('drops the Error header and extension frames', () => {
    const stack = 'Error\n    at new WebSocket (chrome-extension://abc/hook.js:1:1)\n    at connect (http://page/app.js:10:5)\n    @moz-extension://x/hook.js:1:1';
    expect(cleanStack(stack)).toBe('at connect (http://page/app.js:10:5)');
  });
});

describe('document log limits', () => {
  it('applies new limits at once', () => {
    const log = createDocumentLog({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 50; i++) log.ingest(batch(msg(1, 1, `m${i}`)));
    log.setLimits({ maxMessages: 10, maxBytes: 1e9 });
    expect(log.messageCount).toBe(10);
    expect(log.snapshot().messages[0].text).toBe('m40');
  });
});
