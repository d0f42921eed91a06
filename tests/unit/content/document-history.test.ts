import { describe, expect, it } from 'vitest';
import type { HookRecord } from '../../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';
import { decodeIntoHistory } from './support/decode-into-history';

const batch = (...records: HookRecord[]) => ({ v: HOOK_DIALECT_VERSION, records });
const create = (id: number, url = 'ws://x/'): HookRecord => ({ k: 'create', id, url, protocols: ['a', 'b'], time: 1000, stack: 'Error\n at page.js:1:2', api: 'WebSocket' });
let seq = 0;
const msg = (id: number, dir: 0 | 1, data: string | ArrayBuffer, extra: Partial<HookRecord> = {}): HookRecord =>
  ({ k: 'msg', id, seq: ++seq, dir, time: 2000 + seq, data, size: typeof data === 'string' ? -1 : data.byteLength, truncated: false, discarded: false, ...extra }) as HookRecord;

describe('document history', () => {
  it('keeps at most maxMessages, oldest dropped first, and counts what it dropped', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '', limits: { maxMessages: 3, maxBytes: 1e9 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 5; i++) log.ingest(batch(msg(1, 1, `m${i}`)));
    const snap = log.history.snapshot();
    expect(snap.messages.map((m) => m.text)).toEqual(['m2', 'm3', 'm4']);
    expect(log.history.dropped).toBe(2);
    expect(snap.connections[0].received.count).toBe(5);
  });

  it('starts its drop count over when the history is cleared (a panel must not read old drops as missing)', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '', limits: { maxMessages: 3, maxBytes: 1e9 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 5; i++) log.ingest(batch(msg(1, 1, `m${i}`)));
    log.history.clear();
    expect(log.history.dropped).toBe(0);
    log.ingest(batch(msg(1, 1, 'after')));
    expect(log.history.snapshot().messages.map((m) => m.text)).toEqual(['after']);
  });

  it('keeps within maxBytes', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '', limits: { maxMessages: 1e6, maxBytes: 2500 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 10; i++) log.ingest(batch(msg(1, 1, new ArrayBuffer(1000))));
    expect(log.history.messageCount).toBe(2);
    expect(log.history.heldBytes).toBeLessThanOrEqual(2500);
    expect(log.history.dropped).toBe(8);
  });

  it('compacts its storage over a long run and still snapshots in order', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '', limits: { maxMessages: 100, maxBytes: 1e9 } });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 5000; i++) log.ingest(batch(msg(1, 1, String(i))));
    const texts = log.history.snapshot().messages.map((m) => Number(m.text));
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
  });

  it('clear forgets messages and finished connections but keeps open ones', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1), create(2), msg(1, 0, 'x'), { k: 'close', id: 2, time: 1, code: 1000, reason: '', wasClean: true }));
    log.history.clear();
    const snap = log.history.snapshot();
    expect(snap.messages).toEqual([]);
    expect(snap.connections.map((c) => c.id)).toEqual(['d:1']);
  });
});

describe('document history limits', () => {
  it('applies new limits at once', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    for (let i = 0; i < 50; i++) log.ingest(batch(msg(1, 1, `m${i}`)));
    log.history.setLimits({ maxMessages: 10, maxBytes: 1e9 });
    expect(log.history.messageCount).toBe(10);
    expect(log.history.snapshot().messages[0].text).toBe('m40');
  });
});
