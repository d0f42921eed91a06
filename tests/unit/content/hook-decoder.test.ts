import { describe, expect, it } from 'vitest';
import { cleanStack } from '../../../src/content/hook-decoder';
import type { HookRecord } from '../../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';
import { base64ToBytes } from '../../../src/lib/bytes';
import { decodeIntoHistory } from './support/decode-into-history';

const batch = (...records: HookRecord[]) => ({ v: HOOK_DIALECT_VERSION, records });
const create = (id: number, url = 'ws://x/'): HookRecord => ({ k: 'create', id, url, protocols: ['a', 'b'], time: 1000, stack: 'Error\n at page.js:1:2', api: 'WebSocket' });
let seq = 0;
const msg = (id: number, dir: 0 | 1, data: string | ArrayBuffer, extra: Partial<HookRecord> = {}): HookRecord =>
  ({ k: 'msg', id, seq: ++seq, dir, time: 2000 + seq, data, size: typeof data === 'string' ? -1 : data.byteLength, truncated: false, discarded: false, ...extra }) as HookRecord;

describe('hook decoder', () => {
  it('builds connection facts from hook records', () => {
    const log = decodeIntoHistory({ docId: 'd1', frameUrl: 'http://page/' });
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
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { messages } = log.ingest(batch(msg(1, 0, '€'), msg(1, 1, new Uint8Array([0, 255]).buffer)));
    expect(messages[0]).toMatchObject({ connId: 'd:1', dir: 'send', opcode: 1, size: 3, text: '€' });
    expect(messages[1]).toMatchObject({ connId: 'd:1', dir: 'receive', opcode: 2, size: 2 });
    expect([...base64ToBytes(messages[1].base64!)]).toEqual([0, 255]);
  });

  it('marks error state, truncation and discarded sends (not counted as sent)', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { messages } = log.ingest(batch(msg(1, 1, 'abc', { size: 10_000, truncated: true } as never), msg(1, 0, 'late', { discarded: true } as never)));
    expect(messages[0]).toMatchObject({ size: 10_000, truncated: true });
    expect(messages[1]).toMatchObject({ discarded: true });
    const { connections } = log.ingest(batch({ k: 'error', id: 1, time: 5 }, { k: 'close', id: 1, time: 6, code: 1006, reason: '', wasClean: false }));
    expect(connections[0]).toMatchObject({ state: 'error', errored: true, closeCode: 1006, sent: { count: 0 }, received: { count: 1, bytes: 10_000 } });
  });

  it('skips malformed records and records for unknown sockets without losing the rest', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    const { messages } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [null, { k: 'msg', id: 99 }, create(1), msg(1, 0, 'ok')] as never });
    expect(messages.map((m) => m.text)).toEqual(['ok']);
  });

  it('passes asks on in the model shape, and results as HookResults', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { asks, results, messages } = log.ingest(
      batch(
        { k: 'ask', token: 7, id: 1, dir: 0, time: 5, data: 'hé', size: -1, truncated: false },
        { k: 'ask', token: 8, id: 1, dir: 1, time: 6, data: new Uint8Array([1, 2]).buffer, size: 2, truncated: false },
        { k: 'result', ref: 3, ok: false, error: 'closed' },
        { k: 'result', ref: 4, ok: false, error: 'The socket is CLOSED: nothing was sent.', failure: { code: 'socketNotOpen', state: 'closed', action: 'send' } },
        { k: 'result', ref: 5, ok: false, error: 'x', failure: 'not a failure' } as never,
      ),
    );
    expect(asks).toEqual([
      { token: 7, connId: 'd:1', seq: 0, dir: 'send', time: 5, opcode: 1, size: 3, text: 'hé' },
      { token: 8, connId: 'd:1', seq: 0, dir: 'receive', time: 6, opcode: 2, size: 2, base64: 'AQI=' },
    ]);
    // A failure code goes on when it has its shape (the panel translates it); anything else is dropped.
    expect(results).toEqual([
      { k: 'result', ref: 3, ok: false, error: 'closed' },
      { k: 'result', ref: 4, ok: false, error: 'The socket is CLOSED: nothing was sent.', failure: { code: 'socketNotOpen', state: 'closed', action: 'send' } },
      { k: 'result', ref: 5, ok: false, error: 'x' },
    ]);
    expect(messages).toEqual([]); // held messages are recorded once decided
  });

  it("passes on the hook's lease records in order", () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    const { lease, connections } = log.ingest(batch({ k: 'renew' }, { k: 'released' }, { k: 'renew' }));
    expect(lease).toEqual(['renew', 'released', 'renew']);
    expect(connections).toEqual([]);
  });
});

describe('hook decoder: marks', () => {
  it('puts the marks of a record on its message, checked field by field', () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const { messages } = log.ingest(
      batch(
        msg(1, 0, 'blocked', { discarded: true, marks: { blocked: true, rules: [{ id: 'r', name: 'no secrets' }], rule: 'no secrets' } } as never),
        msg(1, 0, 'rewritten', { marks: { rewritten: true, delayedMs: 400, rule: 'slow', edited: 'yes', inReplyTo: 3 } } as never),
        msg(1, 0, 'injected', { marks: { injected: true } } as never),
        msg(1, 0, 'plain'),
      ),
    );
    expect(messages[0]).toMatchObject({ text: 'blocked', discarded: true, blocked: true, rules: [{ id: 'r', name: 'no secrets' }], rule: 'no secrets' });
    // A mark of the wrong type is dropped; `inReplyTo` comes only from pairing (below).
    expect(messages[1]).toEqual({ connId: 'd:1', seq: messages[1].seq, dir: 'send', time: messages[1].time, opcode: 1, size: 9, text: 'rewritten', rewritten: true, delayedMs: 400, rule: 'slow' });
    expect(messages[2]).toMatchObject({ injected: true });
    expect(Object.keys(messages[3]).sort()).toEqual(['connId', 'dir', 'opcode', 'seq', 'size', 'text', 'time']);
    // The blocked one was not counted.
    expect(log.history.snapshot().connections[0].sent).toEqual({ count: 3, bytes: 9 + 8 + 5 });
  });

  it("pairs an auto-reply with the message it answers, by the ask token, giving the answered message's seq", () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest(batch(create(1)));
    const ping: unknown = msg(1, 0, 'ping', { marks: { rules: [{ id: 'p', name: 'pong' }], rule: 'pong', askToken: 4 } } as never) as Extract<HookRecord, { k: 'msg' }>;
    const first = log.ingest(batch(ping as HookRecord));
    expect(first.messages[0]).not.toHaveProperty('askToken');
    const { messages } = log.ingest(
      batch(
        msg(1, 1, 'pong', { marks: { autoReply: true, rules: [{ id: 'p', name: 'pong' }], rule: 'pong', replyTo: 4 } } as never),
        msg(1, 1, 'orphan', { marks: { autoReply: true, replyTo: 99 } } as never),
      ),
    );
    // The document's position of the answered message (the decoder numbers a document's messages).
    expect(messages[0]).toMatchObject({ text: 'pong', dir: 'receive', autoReply: true, rule: 'pong', inReplyTo: first.messages[0].seq });
    expect(messages[0]).not.toHaveProperty('replyTo');
    expect(messages[1]).toMatchObject({ autoReply: true });
    expect(messages[1]).not.toHaveProperty('inReplyTo');
  });
});

describe('hook decoder: batches relayed from workers (issue 14)', () => {
  it("labels a worker's connections with its context, under ids of their own, and numbers the document's messages in arrival order", () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: 'http://page/' });
    const ctx = { w: '2/1', kind: 'sharedworker' as const, url: 'blob:http://page/abc', shared: true };
    log.ingest(batch(create(1, 'ws://frame/'), msg(1, 0, 'from the frame')));
    const fromWorker = log.ingest({ ...batch(create(1, 'ws://worker/'), msg(1, 1, 'from the worker')), ctx });
    const after = log.ingest(batch(msg(1, 0, 'frame again')));
    expect(fromWorker.connections[0]).toMatchObject({ id: 'd:w2/1.1', url: 'ws://worker/', context: { kind: 'sharedworker', scriptUrl: 'blob:http://page/abc', shared: true } });
    expect(fromWorker.messages[0]).toMatchObject({ connId: 'd:w2/1.1', text: 'from the worker' });
    expect(after.messages[0]).toMatchObject({ connId: 'd:1', text: 'frame again' });
    expect(log.history.snapshot().connections.find((c) => c.id === 'd:1')).not.toHaveProperty('context');
    // One order for the document, whichever hook counted the message.
    expect(log.history.snapshot().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("counts the records a worker hook lost while it waited for its port as the document's dropped", () => {
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ ...batch({ k: 'lost', count: 7 }), ctx: { w: '1', kind: 'worker', url: 'data:,' } });
    expect(log.history.dropped).toBe(7);
  });
});

describe('cleanStack', () => {
  it('drops the Error header and extension frames', () => {
    const stack = 'Error\n    at new WebSocket (chrome-extension://abc/hook.js:1:1)\n    at connect (http://page/app.js:10:5)\n    @moz-extension://x/hook.js:1:1';
    expect(cleanStack(stack)).toBe('at connect (http://page/app.js:10:5)');
  });
});

