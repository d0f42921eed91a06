/**
 * The panel's decoding (src/panel/decoding/) over the real store, with frames made by the
 * protocols' own encoders (socket.io-parser for Socket.IO). What a user sees: summaries in the
 * list, the Decoded view with its payload and request/response pair, decoded-field filters;
 * and that a long log neither freezes the list (a stateful decoder far behind catches up in
 * slices) nor loses a payload that was let go to keep memory bounded.
 */
import { describe, expect, it, vi } from 'vitest';
import { Encoder } from 'socket.io-parser';
import { createDecoding } from '../../../../src/panel/decoding/decoding';
import { DECODE_MAX_BYTES } from '../../../../src/panel/decoding/decode-safely';
import { DECODERS, DETECT_PAYLOAD_CHARS, type DecoderMessage } from '../../../../src/decoders';
import { createPanelStore, type PanelStore } from '../../../../src/panel/state/store';
import { ALL_ROWS, createMessageView } from '../../../../src/panel/state/message-view';
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
const text = (connId: string, dir: 'send' | 'receive', body: string, time = seq): MessageRecord => ({ connId, seq: ++seq, dir, time, opcode: 1, size: body.length, text: body });
const binary = (connId: string, dir: 'send' | 'receive', bytes: Uint8Array): MessageRecord => ({
  connId, seq: ++seq, dir, time: seq, opcode: 2, size: bytes.length, base64: Buffer.from(bytes).toString('base64'),
});

/** A Socket.IO v4 binary event as socket.io-client sends it: the text frame, then one frame per attachment. */
function socketIoBinaryEvent(connId: string, n: number): MessageRecord[] {
  const [head, ...attachments] = new Encoder().encode({ type: 2, nsp: '/', data: ['upload', { n }, Buffer.from([n & 255, 1, 2])] }) as [string, ...Buffer[]];
  return [text(connId, 'send', `4${head}`), ...attachments.map((a) => binary(connId, 'send', a))];
}
const socketIoEvent = (connId: string, n: number) => text(connId, 'receive', `4${(new Encoder().encode({ type: 2, nsp: '/', data: ['tick', n] }) as string[])[0]}`);

function rowIdOf(store: PanelStore, seqOf: number): number {
  for (let id = store.table.firstId; id < store.table.endId; id++) {
    const row = store.rowAt(id) as MessageRecord;
    if (row.seq === seqOf) return id;
  }
  throw new Error(`no row with seq ${seqOf}`);
}

function setup() {
  const store = createPanelStore({ schedule: (cb) => cb() });
  let changes = 0;
  let changed: () => void = () => {};
  const decoding = createDecoding(store, () => {
    changes++;
    changed();
  });
  const nextChange = () => new Promise<void>((resolve) => (changed = resolve));
  return { store, decoding, nextChange, changes: () => changes };
}

describe('panel decoding', () => {
  it('a stateful decoder far behind the list catches up in the background; summaries then follow the whole log', async () => {
    const { store, decoding, nextChange } = setup();
    const c = conn('d:1', 'ws://s/socket.io/?EIO=4&transport=websocket');
    const messages: MessageRecord[] = [];
    for (let i = 0; i < 3000; i++) messages.push(...(i % 10 === 0 ? socketIoBinaryEvent(c.id, i) : [socketIoEvent(c.id, i)]));
    feed(store, [c], messages);
    const newest = store.table.endId - 1;
    const row = store.rowAt(newest) as MessageRecord;
    // The list renders the newest row first: no waiting for thousands of rows before it.
    const pending = nextChange();
    expect(decoding.summaryOf(newest, row)).toBeUndefined();
    await pending;
    expect(decoding.summaryOf(newest, row)).toMatch(/tick/);
    // The last binary event's attachment (thousands of rows in) was joined to its event by the in-order session.
    const lastBinary = messages.filter((m) => m.opcode === 2).pop()!;
    const attachmentRow = rowIdOf(store, lastBinary.seq);
    const view = decoding.decodedOf(attachmentRow, store.rowAt(attachmentRow) as MessageRecord)!;
    expect(view.error).toBeUndefined();
    expect(view.summary).toMatch(/upload/);
    expect(view.payload).toMatchObject([{ n: 2990 }, { $binary: 3 }]);
  });

  it('the Decoded view of an old row still shows its full payload after newer rows pushed it out of memory', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/socket.io/?EIO=4&transport=websocket');
    const first = socketIoBinaryEvent(c.id, 7);
    const later: MessageRecord[] = [];
    for (let i = 0; i < 6000; i++) later.push(socketIoEvent(c.id, i));
    feed(store, [c], [...first, ...later]);
    const attachmentRow = rowIdOf(store, first[1].seq);
    const before = decoding.decodedOf(attachmentRow, store.rowAt(attachmentRow) as MessageRecord)!;
    expect(before).toMatchObject({ summary: expect.stringMatching(/upload/), payload: [{ n: 7 }, { $binary: 3, hex: '07 01 02' }] });
    // Render every newer row, as a user scrolling to the end does.
    for (let id = attachmentRow + 1; id < store.table.endId; id++) decoding.summaryOf(id, store.rowAt(id) as MessageRecord);
    const after = decoding.decodedOf(attachmentRow, store.rowAt(attachmentRow) as MessageRecord)!;
    expect(after).toEqual(before);
  });

  it('decoded-field filters see every row of a stateful connection, in order', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/socket.io/?EIO=4&transport=websocket');
    const messages: MessageRecord[] = [];
    for (let i = 0; i < 1500; i++) messages.push(i % 3 === 0 ? socketIoBinaryEvent(c.id, i)[0] : socketIoEvent(c.id, i));
    feed(store, [c], messages.flat());
    const events = messages.map((m) => decoding.fieldsOf(m)?.event);
    expect(events.filter((e) => e === 'tick')).toHaveLength(1000);
    expect(events.filter((e) => e === 'upload')).toHaveLength(500); // announced, still waiting for attachments that never came
  });

  it('pairs a JSON-RPC request with its response among nearby rows, with the round trip time', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/rpc');
    const messages = [text(c.id, 'send', '{"jsonrpc":"2.0","id":41,"method":"sum","params":[1,2]}', 1000)];
    for (let i = 0; i < 300; i++) messages.push(text(c.id, 'receive', `{"jsonrpc":"2.0","method":"tick","params":[${i}]}`, 1001 + i));
    messages.push(text(c.id, 'receive', '{"jsonrpc":"2.0","id":41,"result":3}', 1450));
    feed(store, [c], messages);
    const request = rowIdOf(store, messages[0].seq);
    const response = rowIdOf(store, messages[messages.length - 1].seq);
    const view = decoding.decodedOf(request, store.rowAt(request) as MessageRecord)!;
    expect(view.pair).toMatchObject({ rowId: response, rttMs: 450 });
    expect(decoding.decodedOf(response, store.rowAt(response) as MessageRecord)!.pair).toMatchObject({ rowId: request });
    expect(decoding.summaryOf(response, store.rowAt(response) as MessageRecord)).toMatch(/sum/); // the method name learnt from the request
  });

  it('a stateless decoder decodes only what is asked, and forgets rows that Clear removed', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/phoenix/websocket?vsn=2.0.0');
    const messages: MessageRecord[] = [];
    for (let i = 0; i < 20000; i++) messages.push(text(c.id, i % 2 ? 'receive' : 'send', JSON.stringify(['1', String(i - (i % 2)), 'room:lobby', i % 2 ? 'phx_reply' : 'new_msg', { status: 'ok', response: { n: i } }])));
    feed(store, [c], messages);
    const newest = store.table.endId - 1;
    expect(decoding.summaryOf(newest, store.rowAt(newest) as MessageRecord)).toMatch(/room:lobby/);
    const request = newest - 1;
    expect(decoding.decodedOf(newest, store.rowAt(newest) as MessageRecord)!.pair).toMatchObject({ rowId: request });
    store.clear();
    const next = text(c.id, 'send', JSON.stringify(['1', 'x', 'room:lobby', 'new_msg', { body: 'after clear' }]));
    feed(store, [c], [next]);
    const row = store.table.endId - 1;
    expect(decoding.decodedOf(row, store.rowAt(row) as MessageRecord)).toMatchObject({ payload: { body: 'after clear' } });
  });

  it('detects a connection’s decoder once per store change, not at every row of every render (issue 15, item 7)', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/feed');
    feed(store, [c], [text(c.id, 'receive', '{"a":1}'), text(c.id, 'receive', '{"a":2}')]);
    const json = DECODERS.find((d) => d.id === 'json')!;
    const detect = vi.spyOn(json, 'detect');
    try {
      // JSON is "plain": the list never decodes its rows, so detection never settles.
      for (let render = 0; render < 50; render++) {
        for (let id = store.table.firstId; id < store.table.endId; id++) decoding.summaryOf(id, store.rowAt(id) as MessageRecord);
      }
      expect(detect).toHaveBeenCalledTimes(1);
      feed(store, [], [text(c.id, 'receive', '{"a":3}')]);
      for (let id = store.table.firstId; id < store.table.endId; id++) decoding.summaryOf(id, store.rowAt(id) as MessageRecord);
      expect(detect).toHaveBeenCalledTimes(2);
    } finally {
      detect.mockRestore();
    }
  });

  it('detection reads the start of big messages only, and still recognises the protocol', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/rpc');
    const big = `{"jsonrpc":"2.0","method":"upload","params":["${'x'.repeat(8 * 1024 * 1024)}"]}`;
    // Protocol evidence is read from whole messages; the big one is only looked at in part.
    const call = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    feed(store, [c], [text(c.id, 'send', big), text(c.id, 'send', call), binary(c.id, 'receive', new Uint8Array(6 * 1024 * 1024))]);
    const seen: number[] = [];
    const spies = DECODERS.map((d) => {
      const original = d.detect.bind(d);
      return vi.spyOn(d, 'detect').mockImplementation((connection, messages: readonly DecoderMessage[]) => {
        seen.push(...messages.map((m) => (m.text ?? m.base64 ?? '').length));
        return original(connection, messages);
      });
    });
    try {
      expect(decoding.choicesFor!(c.id).find((choice) => choice.active)?.id).toBe('json-rpc');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(DETECT_PAYLOAD_CHARS);
  });

  it('payloads over the decode limit are not decoded: the Decoded view says they are too large', () => {
    const { store, decoding } = setup();
    const c = conn('d:1', 'ws://s/feed');
    const huge = `{"a":"${'x'.repeat(DECODE_MAX_BYTES)}"}`;
    feed(store, [c], [text(c.id, 'receive', '{"a":1}'), text(c.id, 'receive', huge)]);
    const small = store.table.endId - 2;
    const big = store.table.endId - 1;
    expect(decoding.decodedOf(small, store.rowAt(small) as MessageRecord)).toMatchObject({ payload: { a: 1 } });
    expect(decoding.decodedOf(big, store.rowAt(big) as MessageRecord)?.error).toBe('too large to decode: 4.2 MB (the limit is 4.2 MB)');
    expect(decoding.fieldsOf(store.rowAt(big) as MessageRecord)).toBeUndefined();
    // What the default truncation size keeps (4 MiB, 2 bytes of base64 padding) is still decoded.
    feed(store, [], [binary(c.id, 'receive', new Uint8Array(DECODE_MAX_BYTES))]);
    const kept = store.table.endId - 1;
    expect(decoding.decodedOf(kept, store.rowAt(kept) as MessageRecord)?.error).toBeUndefined();
  });
});

describe('hiding heartbeats', () => {
  it('says which rows are keep-alives of their protocol, and a view with "Hide heartbeats" leaves them out', async () => {
    const { store, decoding } = setup();
    const sio = conn('sio', 'ws://h/socket.io/?EIO=4&transport=websocket');
    const stomp = { ...conn('stomp', 'ws://h/stomp'), protocol: 'v12.stomp' };
    const plain = conn('plain', 'ws://h/feed');
    feed(store, [sio, stomp, plain], [
      text('sio', 'receive', '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'),
      text('sio', 'send', '40'),
      text('sio', 'receive', '2'),
      text('sio', 'send', '3'),
      socketIoEvent('sio', 1),
      text('stomp', 'send', 'CONNECT\naccept-version:1.2\nheart-beat:1000,1000\n\n\0'),
      text('stomp', 'receive', '\n'),
      text('stomp', 'send', 'SEND\ndestination:/q\n\nhi\0'),
      text('plain', 'receive', '{"type":"ping"}'),
      text('plain', 'receive', '2'),
    ]);
    const view = createMessageView(store.table, store.rowAt, () => {});
    await view.setCriteria({ ...ALL_ROWS, showControl: false, heartbeat: (m) => decoding.isHeartbeat(m) });
    const shown = Array.from({ length: view.count }, (_, i) => (store.rowAt(view.idAt(i)) as MessageRecord).text);
    // Engine.IO's ping/pong and STOMP's EOL go; plain JSON feeds keep their own "ping"s (no protocol says they are keep-alives).
    expect(shown).toEqual([
      '0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}',
      '40',
      socketIoEvent('sio', 1).text,
      'CONNECT\naccept-version:1.2\nheart-beat:1000,1000\n\n\0',
      'SEND\ndestination:/q\n\nhi\0',
      '{"type":"ping"}',
      '2',
    ]);
    await view.setCriteria({ ...ALL_ROWS, showControl: false });
    expect(view.count).toBe(10);
  });
});
