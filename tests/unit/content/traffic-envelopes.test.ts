/**
 * Issue 15, item 7: traffic leaves the bridge in envelopes the extension's ports accept. Chrome
 * refuses runtime messages over 64 MiB of JSON; the bridge took that for a dead port, so a 64 MiB
 * message (or a snapshot of a big binary history) cut the frame off from the panel.
 */
import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../src/content/create-bridge';
import { payloadChars, shrinkTraffic, splitTraffic, ENVELOPE_PAYLOAD_CHARS } from '../../../src/content/traffic-envelopes';
import { createPortPair } from '../../../src/protocol/port';
import { envelope, type Envelope, type RouterToBridge, type TrafficPayload } from '../../../src/protocol/messages';
import type { MessageRecord } from '../../../src/protocol/records';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';

const MiB = 1024 * 1024;
const flush = () => new Promise((r) => setTimeout(r, 0));
const text = (seq: number, body: string): MessageRecord => ({ connId: 'd:1', seq, dir: 'send', time: seq, opcode: 1, size: body.length, text: body });
const traffic = (messages: MessageRecord[]): TrafficPayload => ({ docId: 'd', frameUrl: 'http://p/', connections: [{ id: 'd:1' } as never], messages, dropped: 0 });

describe('traffic envelopes', () => {
  it('splits traffic by payload size, in order, connections with the first; a bigger message goes alone', () => {
    const big = 'x'.repeat(ENVELOPE_PAYLOAD_CHARS / 2 + 1);
    const parts = splitTraffic(traffic([text(1, 'a'), text(2, big), text(3, big), text(4, 'b'), text(5, 'x'.repeat(ENVELOPE_PAYLOAD_CHARS + 1))]));
    expect(parts.map((p) => p.messages.map((m) => m.seq))).toEqual([[1, 2], [3, 4], [5]]);
    expect(parts.map((p) => p.connections.length)).toEqual([1, 0, 0]);
    expect(splitTraffic(traffic([text(1, 'a'), text(2, 'b')]))).toHaveLength(1);
    expect(splitTraffic(traffic([]))).toEqual([traffic([])]);
  });

  it('shrinks a refused envelope: halves of its messages, or half of its one payload marked truncated', () => {
    const half = 'x'.repeat(MiB);
    expect(shrinkTraffic(traffic([text(1, half), text(2, half)]))!.map((p) => p.messages.map((m) => m.seq))).toEqual([[1], [2]]);
    const [one] = shrinkTraffic(traffic([text(1, `${'y'.repeat(MiB)}😀${'z'.repeat(MiB)}`)]))!;
    expect(one.messages[0]).toMatchObject({ seq: 1, truncated: true, size: 2 * MiB + 2 });
    expect(one.messages[0].text).toBe('y'.repeat(MiB)); // never half a surrogate pair
    const [binary] = shrinkTraffic(traffic([{ connId: 'd:1', seq: 1, dir: 'receive', time: 1, opcode: 2, size: 3 * MiB, base64: 'AAAA'.repeat(MiB) }]))!;
    expect(payloadChars(binary.messages[0])).toBe(2 * MiB);
    // Small envelopes cannot be refused for their size: the port is the problem.
    expect(shrinkTraffic(traffic([text(1, 'small')]))).toBeUndefined();
  });

  it('the bridge gets every message through a port that refuses messages over 64 MiB of JSON, as Chrome does', async () => {
    const received: Envelope<any>[] = [];
    const [bridgeEnd, routerEnd] = createPortPair<any, any>();
    routerEnd.onMessage((m) => received.push(m as Envelope<any>));
    const bridge = createBridge({
      docId: 'doc',
      frameUrl: 'http://page/',
      top: true,
      limits: { maxMessages: 1000, maxBytes: 1024 * MiB },
      connect: () => ({
        ...bridgeEnd,
        post(message: unknown) {
          if (JSON.stringify(message).length > 64 * MiB) throw new Error('Message length exceeded maximum allowed length.');
          bridgeEnd.post(message);
        },
      }),
    });
    const msg = (seq: number, data: string | ArrayBuffer) => ({ k: 'msg', id: 1, seq, dir: 1, time: seq, data, size: typeof data === 'string' ? -1 : data.byteLength, truncated: false, discarded: false });
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [{ k: 'create', id: 1, url: 'ws://s/', protocols: [], time: 1, stack: '', api: 'WebSocket' }] });
    // A history of 3 x 20 MiB binary messages: 80 MiB of base64 in one snapshot before.
    for (let seq = 1; seq <= 3; seq++) bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [msg(seq, new ArrayBuffer(20 * MiB))] });
    routerEnd.post(envelope<RouterToBridge, 'watch'>('watch', { on: true }));
    await flush();
    // Live: a 32 MiB binary message, and 16 MiB of control characters (96 MiB once JSON-escaped).
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [msg(4, new ArrayBuffer(32 * MiB)), msg(5, '\u0001'.repeat(16 * MiB))] });
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [msg(6, 'still connected')] });
    await flush();
    const messages: MessageRecord[] = received.filter((e) => e.type === 'snapshot' || e.type === 'batch').flatMap((e) => e.payload.messages);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(messages.slice(0, 4).map((m) => [m.size, m.base64!.length, m.truncated])).toEqual([
      [20 * MiB, Math.ceil((20 * MiB) / 3) * 4, undefined],
      [20 * MiB, Math.ceil((20 * MiB) / 3) * 4, undefined],
      [20 * MiB, Math.ceil((20 * MiB) / 3) * 4, undefined],
      [32 * MiB, Math.ceil((32 * MiB) / 3) * 4, undefined],
    ]);
    // The escaped text was refused whole and arrives as its first half, marked truncated, its size intact.
    expect(messages[4]).toMatchObject({ size: 16 * MiB, truncated: true });
    expect(messages[4].text).toHaveLength(8 * MiB);
    expect(messages[5].text).toBe('still connected');
    expect(bridge.watching).toBe(true);
  }, 60_000);
});
