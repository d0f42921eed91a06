/**
 * The hook's packed messages (src/page/message-packer.ts) read back by the bridge's decoder
 * (src/content/hook-decoder.ts): the same messages, in order, with the records of the batch at
 * their places among them.
 */
import { describe, expect, it } from 'vitest';
import { createMessagePacker } from '../../../src/page/message-packer';
import type { HookBatch, HookRecord } from '../../../src/protocol/hook-dialect';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';
import { base64ToBytes } from '../../../src/lib/bytes';
import { decodeIntoHistory } from './support/decode-into-history';

const packerNatives = {
  Float64Array,
  Uint8Array,
  typedArraySet: (target: Float64Array | Uint8Array, source: Float64Array | Uint8Array, offset?: number) => target.set(source, offset),
  typedArrayBuffer: (view: unknown) => (view as Uint8Array).buffer as ArrayBuffer,
};
const bufferOf = (bytes: number[]) => new Uint8Array(bytes).buffer;
const create = (id: number): HookRecord => ({ k: 'create', id, url: `ws://x/${id}`, protocols: [], time: 1, stack: '', api: 'WebSocket' });

describe('packed messages', () => {
  it('arrive as the messages they were, in order, with sizes, flags and payloads', () => {
    const packer = createMessagePacker(packerNatives);
    packer.text(1, 1, 0, 10, 'héllo', -1, false, false);
    packer.binary(1, 2, 1, 11, bufferOf([0, 255, 7]), 0, 3, 3, false, false);
    packer.text(1, 3, 1, 12, '€€', 1_000, true, false);
    packer.text(1, 4, 0, 13, '', -1, false, true);
    packer.binary(1, 5, 0, 14, bufferOf([9, 8, 7]), 0, 1, 50, true, false);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const batch: HookBatch = { v: HOOK_DIALECT_VERSION, records: [], packed: packer.take([]) };
    const { messages, connections } = log.ingest(batch);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(messages[0]).toMatchObject({ connId: 'd:1', dir: 'send', time: 10, opcode: 1, text: 'héllo', size: 6 });
    expect(messages[1]).toMatchObject({ dir: 'receive', time: 11, opcode: 2, size: 3 });
    expect([...base64ToBytes(messages[1].base64!)]).toEqual([0, 255, 7]);
    expect(messages[2]).toMatchObject({ dir: 'receive', text: '€€', size: 1_000, truncated: true });
    expect(messages[3]).toMatchObject({ dir: 'send', text: '', discarded: true });
    expect(messages[4]).toMatchObject({ opcode: 2, size: 50, truncated: true });
    // The discarded send is not counted.
    expect(connections[0]).toMatchObject({ sent: { count: 2, bytes: 56 }, received: { count: 2, bytes: 1_003 } });
  });

  it('measures UTF-8 sizes in an all-ASCII batch and in the records beside it', () => {
    const packer = createMessagePacker(packerNatives);
    packer.text(1, 1, 1, 10, 'plain', -1, false, false);
    const marked: HookRecord = { k: 'msg', id: 1, seq: 2, dir: 1, time: 11, data: 'né', size: -1, truncated: false, discarded: false, marks: { injected: true } };
    packer.text(1, 3, 1, 12, 'ascii', -1, false, false);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const { messages } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [marked], packed: packer.take([1]) });
    expect(messages.map((m) => [m.text, m.size])).toEqual([
      ['plain', 5],
      ['né', 3],
      ['ascii', 5],
    ]);
    expect(messages[1]).toMatchObject({ injected: true });
  });

  it('keeps the records of the batch at their places among the messages', () => {
    const packer = createMessagePacker(packerNatives);
    const records: HookRecord[] = [create(1)];
    const recordAt = [0];
    packer.text(1, 1, 1, 10, 'a', -1, false, false);
    records.push({ k: 'close', id: 1, time: 11, code: 1000, reason: '', wasClean: true });
    recordAt.push(1);
    records.push(create(2));
    recordAt.push(1);
    packer.text(2, 2, 1, 12, 'b', -1, false, false);
    const order: string[] = [];
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    const { messages, connections } = log.ingest({ v: HOOK_DIALECT_VERSION, records, packed: packer.take(recordAt) });
    for (const m of messages) order.push(`${m.connId}:${m.text}`);
    expect(order).toEqual(['d:1:a', 'd:2:b']);
    // The close came after the first message: the connection was open when it was counted.
    expect(connections.find((c) => c.id === 'd:1')).toMatchObject({ state: 'closed', received: { count: 1 } });
  });

  it("finds each message's connection when sockets interleave and one is created mid-batch", () => {
    const packer = createMessagePacker(packerNatives);
    packer.text(1, 1, 1, 10, 'a1', -1, false, false);
    packer.text(1, 2, 1, 11, 'a2', -1, false, false);
    packer.text(2, 3, 1, 12, 'lost', -1, false, false); // socket 2 is not known yet: skipped
    packer.text(2, 4, 1, 13, 'b1', -1, false, false); // right after its create record
    packer.text(2, 5, 1, 14, 'b2', -1, false, false);
    packer.text(1, 6, 1, 15, 'a3', -1, false, false);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const { messages, connections } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(2)], packed: packer.take([3]) });
    expect(messages.map((m) => `${m.connId}:${m.text}`)).toEqual(['d:1:a1', 'd:1:a2', 'd:2:b1', 'd:2:b2', 'd:1:a3']);
    expect(connections.find((c) => c.id === 'd:1')).toMatchObject({ received: { count: 3, bytes: 6 } });
    expect(connections.find((c) => c.id === 'd:2')).toMatchObject({ received: { count: 2, bytes: 4 } });
  });

  it('grows past its first column and starts over after take', () => {
    const packer = createMessagePacker(packerNatives);
    for (let i = 1; i <= 1_000; i++) packer.text(1, i, 1, i, `m${i}`, -1, false, false);
    expect(packer.count).toBe(1_000);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const { messages } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: packer.take([]) });
    expect(messages).toHaveLength(1_000);
    expect(messages[999]).toMatchObject({ seq: 1_000, text: 'm1000' });
    expect(packer.count).toBe(0);
    expect(packer.take([])).toBeUndefined();
  });

  it('copies binary payloads at once into one buffer per batch, reusing its scratch across batches', () => {
    const packer = createMessagePacker(packerNatives);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const page = new Uint8Array([1, 2, 3, 4, 5, 6]);
    // A view's bytes (from offset 2), then the page reuses its buffer: the packed copy keeps the old bytes.
    packer.binary(1, 1, 1, 10, page.buffer, 2, 3, 3, false, false);
    page.fill(0);
    // Bigger than the first scratch (64 KiB): it grows and keeps what came before.
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    packer.binary(1, 2, 1, 11, big.buffer, 0, big.length, big.length, false, false);
    packer.text(1, 3, 1, 12, 't', -1, false, false);
    packer.binary(1, 4, 0, 13, bufferOf([]), 0, 0, 0, false, false);
    const first = packer.take([]);
    expect(first!.bytes.byteLength).toBe(3 + 100_000);
    const { messages } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: first });
    expect(messages.map((m) => m.size)).toEqual([3, 100_000, 1, 0]);
    expect([...base64ToBytes(messages[0].base64!)]).toEqual([3, 4, 5]);
    expect(base64ToBytes(messages[1].base64!)).toEqual(big);
    expect(messages[3]).toMatchObject({ opcode: 2, base64: '' });
    // The next batch starts at the beginning of the scratch; the first batch's buffer is its own.
    packer.binary(1, 5, 1, 14, bufferOf([42]), 0, 1, 1, false, false);
    const second = packer.take([]);
    expect(second!.bytes.byteLength).toBe(1);
    expect(new Uint8Array(first!.bytes, 0, 3)).toEqual(new Uint8Array([3, 4, 5]));
    const next = log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: second });
    expect([...base64ToBytes(next.messages[0].base64!)]).toEqual([42]);
  });

  it('packs correctly after a burst of big payloads let its scratch go', () => {
    const packer = createMessagePacker(packerNatives);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 13);
    packer.binary(1, 1, 1, 10, big.buffer, 0, big.length, big.length, false, false);
    expect(log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: packer.take([]) }).messages[0].size).toBe(big.length);
    for (let round = 0; round < 3; round++) {
      packer.binary(1, 2 + round * 2, 1, 11, bufferOf([round, 1]), 0, 2, 2, false, false);
      packer.binary(1, 3 + round * 2, 1, 12, bufferOf([round, 2, 3]), 0, 3, 3, false, false);
      const { messages } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: packer.take([]) });
      expect(messages.map((m) => [...base64ToBytes(m.base64!)])).toEqual([
        [round, 1],
        [round, 2, 3],
      ]);
    }
  });

  it("skips a binary message whose length runs past the batch's bytes, keeping the rest", () => {
    const packer = createMessagePacker(packerNatives);
    packer.binary(1, 1, 1, 10, bufferOf([1, 2]), 0, 2, 2, false, false);
    packer.text(1, 2, 1, 11, 'after', -1, false, false);
    const packed = packer.take([])!;
    packed.nums[5] = 99; // the binary message's length (PACKED_LENGTH) now runs past `bytes`
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    expect(log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed }).messages.map((m) => m.text)).toEqual(['after']);
  });

  it('skips the messages of unknown sockets and a malformed packed part, keeping the rest', () => {
    const packer = createMessagePacker(packerNatives);
    packer.text(7, 1, 1, 10, 'lost', -1, false, false);
    packer.text(1, 2, 1, 11, 'kept', -1, false, false);
    const log = decodeIntoHistory({ docId: 'd', frameUrl: '' });
    log.ingest({ v: HOOK_DIALECT_VERSION, records: [create(1)] });
    expect(log.ingest({ v: HOOK_DIALECT_VERSION, records: [], packed: packer.take([]) }).messages.map((m) => m.text)).toEqual(['kept']);
    const malformed = { count: 5, nums: [1, 2, 3], text: 'x', bytes: new ArrayBuffer(0), recordAt: [] } as never;
    const { connections } = log.ingest({ v: HOOK_DIALECT_VERSION, records: [{ k: 'open', id: 1, time: 5, protocol: '', extensions: '' }], packed: malformed });
    expect(connections[0]).toMatchObject({ state: 'open' });
  });
});
