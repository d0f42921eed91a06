/**
 * What a user sees of detection in the panel (src/panel/decoding uses detectDecoder from
 * src/decoders): a MessagePack feed with a truncated frame among its first still gets summaries,
 * and the bad frame says it could not be decoded; a plain JSON feed with "type" fields is JSON,
 * not GraphQL. Frames come from @msgpack/msgpack's encoder.
 */
import { describe, expect, it } from 'vitest';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { createDecoding } from '../../../../src/panel/decoding/decoding';
import { createPanelStore, type PanelStore } from '../../../../src/panel/state/store';
import type { ConnectionInfo, MessageRecord } from '../../../../src/protocol/records';
import type { FrameTraffic } from '../../../../src/protocol/messages';

const conn = (id: string, url: string): ConnectionInfo => ({
  id, url, frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 },
});

function feed(store: PanelStore, connections: ConnectionInfo[], messages: MessageRecord[]): void {
  const payload: FrameTraffic = { docId: 'd', frameUrl: 'http://p/', frameId: 0, connections, messages, dropped: 0, snapshot: false };
  store.apply({ type: 'traffic', payload });
}

let seq = 0;
const binary = (connId: string, bytes: Uint8Array): MessageRecord => ({
  connId, seq: ++seq, dir: 'receive', time: seq, opcode: 2, size: bytes.length, base64: Buffer.from(bytes).toString('base64'),
});
const text = (connId: string, dir: 'send' | 'receive', value: unknown): MessageRecord => {
  const body = JSON.stringify(value);
  return { connId, seq: ++seq, dir, time: seq, opcode: 1, size: body.length, text: body };
};

function rows(store: PanelStore): { id: number; row: MessageRecord }[] {
  const out: { id: number; row: MessageRecord }[] = [];
  for (let id = store.table.firstId; id < store.table.endId; id++) out.push({ id, row: store.rowAt(id) as MessageRecord });
  return out;
}

describe('panel decoding: detection', () => {
  it('a truncated MessagePack map among the first frames is marked, the others still decode', () => {
    const store = createPanelStore({ schedule: (cb) => cb() });
    const decoding = createDecoding(store, () => {});
    const c = conn('d:1', 'ws://s/feed');
    const frames = [1, 2, 3, 4, 5].map((n) => msgpackEncode({ type: 'tick', n }));
    frames[1] = frames[1].subarray(0, frames[1].length - 2);
    feed(store, [c], frames.map((f) => binary(c.id, f)));
    const shown = rows(store);
    expect(decoding.choicesFor!(c.id).find((choice) => choice.active)?.id).toBe('msgpack');
    const summaries = shown.map(({ id, row }) => decoding.summaryOf(id, row));
    expect(summaries).toEqual(['tick {"type":"tick","n":1}', '⚠ MessagePack', 'tick {"type":"tick","n":3}', 'tick {"type":"tick","n":4}', 'tick {"type":"tick","n":5}']);
    expect(decoding.decodedOf(shown[1].id, shown[1].row)).toEqual({ protocol: 'MessagePack', error: expect.stringMatching(/Insufficient data/) });
    expect(decoding.decodedOf(shown[2].id, shown[2].row)).toMatchObject({ protocol: 'MessagePack', type: 'map', payload: { type: 'tick', n: 3 } });
  });

  it('on a live connection whose first frame is the bad one, the fallback gives way once the feed shows its format', () => {
    const store = createPanelStore({ schedule: (cb) => cb() });
    const decoding = createDecoding(store, () => {});
    const c = conn('d:1', 'ws://s/live');
    const frames = [1, 2, 3, 4].map((n) => msgpackEncode({ type: 'tick', n }));
    const truncated = frames[0].subarray(0, frames[0].length - 2);
    feed(store, [c], [binary(c.id, truncated)]);
    // The panel shows the first row, and the user opens it, before anything else has arrived.
    const [first] = rows(store);
    decoding.summaryOf(first.id, first.row);
    decoding.decodedOf(first.id, first.row);
    expect(decoding.choicesFor!(c.id).find((choice) => choice.active)?.id).toBe('hex');
    feed(store, [], frames.slice(1).map((f) => binary(c.id, f)));
    expect(decoding.choicesFor!(c.id).find((choice) => choice.active)?.id).toBe('msgpack');
    const shown = rows(store);
    expect(decoding.summaryOf(shown[1].id, shown[1].row)).toBe('tick {"type":"tick","n":2}');
    expect(decoding.summaryOf(shown[0].id, shown[0].row)).toBe('⚠ MessagePack');
  });

  it('a plain JSON feed whose messages have "type" fields is JSON, not GraphQL', () => {
    const store = createPanelStore({ schedule: (cb) => cb() });
    const decoding = createDecoding(store, () => {});
    const c = conn('d:1', 'wss://feed.example.com/ws');
    feed(store, [c], [
      text(c.id, 'send', { type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker'] }),
      text(c.id, 'receive', { type: 'subscriptions', channels: [{ name: 'ticker' }] }),
      text(c.id, 'receive', { type: 'next', id: '1', payload: { price: 1 } }),
      text(c.id, 'receive', { type: 'trade', price: '42000.01' }),
    ]);
    expect(decoding.choicesFor!(c.id).find((choice) => choice.active)?.id).toBe('json');
    const [first] = rows(store);
    // JSON summaries would repeat the preview: the list shows none, and no "⚠ GraphQL".
    expect(decoding.summaryOf(first.id, first.row)).toBeUndefined();
    expect(decoding.decodedOf(first.id, first.row)).toMatchObject({ protocol: 'JSON / text', summary: expect.stringMatching(/^subscribe /), fields: { op: 'subscribe' } });
  });
});
