/**
 * Generic binary decoders: MessagePack (frames from @msgpack/msgpack), CBOR (from cbor2), both
 * sent through the recording proxy to an echo server; schema-less Protobuf (no protobuf library
 * is installed: messages are encoded below per the wire-format specification); hex and JSON/text
 * fallbacks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode as msgpackEncode, ExtData } from '@msgpack/msgpack';
import { encode as cborEncode, Tag } from 'cbor2';
import WebSocket, { WebSocketServer } from 'ws';
import { msgpackDecoder } from '../../../src/decoders/msgpack';
import { cborDecoder } from '../../../src/decoders/cbor';
import { protobufDecoder } from '../../../src/decoders/protobuf';
import { hexDecoder } from '../../../src/decoders/hex';
import { jsonDecoder } from '../../../src/decoders/json';
import { detectDecoder } from '../../../src/decoders/index';
import type { DecoderMessage } from '../../../src/decoders/types';
import { startRecordingProxy, type RecordedConnection, type RecordingProxy } from './support/recording-proxy';
import { allOk, decodeConnection } from './support/decode';
import { fuzzDecoder } from './support/fuzz';

let httpServer: http.Server;
let wss: WebSocketServer;
let proxy: RecordingProxy;

beforeAll(async () => {
  httpServer = http.createServer();
  wss = new WebSocketServer({ server: httpServer });
  wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  proxy = await startRecordingProxy((httpServer.address() as AddressInfo).port);
});

afterAll(async () => {
  await proxy?.close();
  wss?.close();
  await new Promise((resolve) => httpServer?.close(resolve));
});

/** Sends each frame to the echo server and returns the recorded connection (sends and echoes). */
const sent = <T>(connection: RecordedConnection, results: T[]) => results.filter((_r, i) => connection.messages[i].dir === 'send');

async function echo(path: string, frames: (Uint8Array | string)[]): Promise<RecordedConnection> {
  const ws = new WebSocket(`${proxy.wsUrl}${path}`);
  await new Promise((resolve) => ws.once('open', resolve));
  const connection = proxy.connections.find((c) => c.url.endsWith(path))!;
  for (const frame of frames) ws.send(frame);
  await proxy.waitFor(() => connection.messages.length === frames.length * 2);
  ws.close();
  return connection;
}

describe('MessagePack, frames from @msgpack/msgpack', () => {
  const chat = { type: 'chat', id: 7, text: 'héllo', tags: ['a', 'b'], at: new Date(Date.UTC(2024, 0, 2)), blob: new Uint8Array([1, 2]), big: 2n ** 60n, ext: new ExtData(5, new Uint8Array([9])) };
  let connection: RecordedConnection;
  beforeAll(async () => {
    connection = await echo('/msgpack', [msgpackEncode(chat, { useBigInt64: true }), msgpackEncode([1, null, true, 1.5])]);
  });
  it('is detected from the first binary messages', () => {
    expect(detectDecoder(connection, connection.messages).id).toBe('msgpack');
  });
  it('decodes maps and arrays into JSON-friendly values', () => {
    const [map, array] = sent(connection, allOk(decodeConnection(msgpackDecoder, connection, connection.messages)));
    expect(map).toMatchObject({ protocol: 'msgpack', type: 'map', fields: { op: 'chat', id: '7' } });
    expect(map.summary).toMatch(/^chat \{"type":"chat","id":7,"text":"héllo"/);
    expect(map.payload).toEqual({ type: 'chat', id: 7, text: 'héllo', tags: ['a', 'b'], at: '2024-01-02T00:00:00.000Z', blob: { $binary: 2, hex: '01 02' }, big: '1152921504606846976', ext: { $ext: 5, data: { $binary: 1, hex: '09' } } });
    expect(array).toMatchObject({ type: 'array', payload: [1, null, true, 1.5], summary: '[1,null,true,1.5]' });
  });
  it('rejects trailing bytes and truncation', () => {
    const session = msgpackDecoder.createSession({ url: 'ws://h' });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from([0x92, 1, 2, 3]).toString('base64') })).toMatchObject({ ok: false, error: expect.stringContaining('Extra 1') });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from([0x92, 1]).toString('base64') })).toMatchObject({ ok: false });
  });
  it('survives fuzzing', () => fuzzDecoder(msgpackDecoder, connection, { seed: 81, valid: connection.messages }));
});

describe('CBOR, frames from cbor2', () => {
  let connection: RecordedConnection;
  beforeAll(async () => {
    connection = await echo('/cbor', [
      cborEncode({ event: 'tick', n: 1, raw: new Uint8Array([255]) }),
      cborEncode(new Tag(0, '2024-01-02')),
      cborEncode([new Tag(9999, 'custom'), 2n ** 70n]),
      // Indefinite-length byte and text strings (0x5f ... 0xff, 0x7f ... 0xff), as streaming encoders write them.
      Uint8Array.of(0x82, 0x5f, 0x41, 0x01, 0x41, 0x02, 0xff, 0x7f, 0x62, 0x68, 0x69, 0x61, 0x21, 0xff),
    ]);
  });
  it('is detected (MessagePack cannot read these frames)', () => {
    expect(detectDecoder(connection, connection.messages.slice(0, 1)).id).toBe('cbor');
  });
  it('decodes maps and tagged values', () => {
    const [map, tagged, unknownTag, indefinite] = sent(connection, allOk(decodeConnection(cborDecoder, connection, connection.messages)));
    expect(map).toMatchObject({ protocol: 'cbor', type: 'map', fields: { op: 'tick', event: 'tick' }, payload: { event: 'tick', n: 1, raw: { $binary: 1, hex: 'ff' } } });
    expect(tagged.payload).toBe('2024-01-02T00:00:00.000Z');
    expect(unknownTag.payload).toEqual([{ $tag: 9999, value: 'custom' }, '1180591620717411303424']);
    expect(indefinite.payload).toEqual([{ $binary: 2, hex: '01 02' }, 'hi!']);
  });
  it('survives fuzzing', () => fuzzDecoder(cborDecoder, connection, { seed: 82, valid: connection.messages }));
});

/** Protobuf wire format, per the specification: enough to build test messages. */
const pb = {
  varint(n: number | bigint): number[] {
    let v = BigInt(n);
    const out: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v) byte |= 0x80;
      out.push(byte);
    } while (v);
    return out;
  },
  field(number: number, wire: number, body: number[]): number[] {
    return [...pb.varint((number << 3) | wire), ...body];
  },
  bytes(number: number, body: number[] | string): number[] {
    const data = typeof body === 'string' ? [...Buffer.from(body)] : body;
    return pb.field(number, 2, [...pb.varint(data.length), ...data]);
  },
};

describe('schema-less Protobuf', () => {
  const inner = [...pb.field(1, 0, pb.varint(42)), ...pb.bytes(2, 'inner')];
  const message = Uint8Array.from([
    ...pb.field(1, 0, pb.varint(150)),
    ...pb.bytes(2, 'hello ✓'),
    ...pb.bytes(3, inner),
    ...pb.field(4, 0, pb.varint(1)),
    ...pb.field(4, 0, pb.varint(2)),
    ...pb.field(5, 5, [0, 0, 128, 63]),
    ...pb.field(6, 1, [1, 0, 0, 0, 0, 0, 0, 0]),
    ...pb.bytes(7, [0xff, 0x00, 0x13]),
    ...pb.field(8, 0, pb.varint(2n ** 63n)),
    ...pb.field(9, 3, []),
    ...pb.field(1, 0, pb.varint(5)),
    ...pb.field(9, 4, []),
  ]);
  let connection: RecordedConnection;
  beforeAll(async () => {
    connection = await echo('/protobuf', [message]);
  });
  it('shows field numbers, wire types and its guesses for length-delimited fields', () => {
    const [decoded] = allOk(decodeConnection(protobufDecoder, connection, connection.messages));
    expect(decoded).toMatchObject({ protocol: 'protobuf', type: 'message', fields: { fieldNumbers: '1 2 3 4 5 6 7 8 9' } });
    expect(decoded.payload).toEqual({
      '1:varint': 150,
      '2:string': 'hello ✓',
      '3:message': { '1:varint': 42, '2:string': 'inner' },
      '4:varint': [1, 2],
      '5:fixed32': 1065353216,
      '6:fixed64': 1,
      '7:bytes': { $binary: 3, hex: 'ff 00 13' },
      '8:varint': '9223372036854775808',
      '9:group': { '1:varint': 5 },
    });
    expect(decoded.summary).toMatch(/^9 fields \{"1:varint":150,/);
  });
  it('is only a modest guess in detection, below MessagePack and CBOR', () => {
    expect(protobufDecoder.detect(connection, connection.messages)).toBeGreaterThan(0);
    expect(detectDecoder(connection, connection.messages).id).toBe('protobuf');
  });
  it('reports invalid wire data', () => {
    const session = protobufDecoder.createSession({ url: 'ws://h' });
    const bad = (bytes: number[]) => session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from(bytes).toString('base64') });
    expect(bad([0x0f])).toEqual({ ok: false, protocol: 'protobuf', error: 'protobuf wire type 7 does not exist' });
    expect(bad([0x12, 0x05, 0x61])).toMatchObject({ ok: false, error: 'protobuf field longer than its message' });
    expect(bad([0x08])).toMatchObject({ ok: false, error: 'protobuf varint cut short' });
    expect(bad([0x00])).toMatchObject({ ok: false, error: 'protobuf field number 0 out of range' });
  });
  it('survives fuzzing', () => fuzzDecoder(protobufDecoder, connection, { seed: 83, valid: connection.messages }));
});

describe('generic binary formats are detected by a clear majority of the sampled frames', () => {
  const frame = (bytes: Uint8Array, truncated = false): DecoderMessage => ({ dir: 'receive', opcode: 2, base64: Buffer.from(bytes).toString('base64'), ...(truncated ? { truncated } : {}) });
  const cut = (bytes: Uint8Array) => bytes.subarray(0, bytes.length - 3);
  const ticks = (encode: (v: unknown) => Uint8Array) => [1, 2, 3, 4, 5, 6].map((n) => encode({ type: 'tick', n, at: 'kitchen' }));
  const msgpack = ticks((v) => msgpackEncode(v));
  const cbor = ticks((v) => cborEncode(v));
  const protobuf = [1, 2, 3, 4, 5, 6].map((n) => Uint8Array.from([...pb.field(1, 0, pb.varint(n)), ...pb.bytes(2, 'kitchen')]));

  it.each([
    ['msgpack', msgpackDecoder, msgpack, /Insufficient data/],
    ['cbor', cborDecoder, cbor, /Unexpected end of stream/],
    ['protobuf', protobufDecoder, protobuf, /protobuf field longer than its message/],
  ] as const)('%s: one truncated frame among the first neither turns decoding off nor goes unmarked', (id, decoder, frames, reason) => {
    // The second frame is cut short by its sender, the last one by the capture: 4 of 6 decode.
    const messages = [frame(frames[0]), frame(cut(frames[1])), frame(frames[2]), frame(frames[3]), frame(frames[4]), frame(cut(frames[5]), true)];
    expect(detectDecoder({ url: 'ws://h/feed' }, messages).id).toBe(id);
    const results = decodeConnection(decoder, { url: 'ws://h/feed' }, messages);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true, true, false]);
    expect(results[1]).toMatchObject({ ok: false, protocol: id, error: expect.stringMatching(reason) });
    expect(results[5]).toMatchObject({ ok: false, error: expect.stringContaining('payload truncated by the capture') });
  });

  it('needs two in three: one good frame in two, or in three, is no evidence', () => {
    expect(detectDecoder({ url: 'ws://h' }, [frame(msgpack[0]), frame(cut(msgpack[1])), frame(msgpack[2])]).id).toBe('msgpack');
    expect(detectDecoder({ url: 'ws://h' }, [frame(msgpack[0]), frame(Uint8Array.from([0xde, 0xad]))]).id).toBe('hex');
    expect(detectDecoder({ url: 'ws://h' }, [frame(msgpack[0]), frame(cut(msgpack[1])), frame(cut(msgpack[2]))]).id).toBe('hex');
  });

  it('prefers the format that reads more of the sample, and keeps MessagePack and CBOR above Protobuf', () => {
    const mostlyCbor = [frame(cbor[0]), frame(cbor[1]), frame(cbor[2])];
    expect(msgpackDecoder.detect({ url: 'ws://h' }, mostlyCbor)).toBe(0);
    expect(cborDecoder.detect({ url: 'ws://h' }, mostlyCbor)).toBe(5);
    const twoThirds = cborDecoder.detect({ url: 'ws://h' }, [...mostlyCbor.slice(0, 2), frame(cut(cbor[2]))]);
    expect(twoThirds).toBeLessThan(5);
    expect(twoThirds).toBeGreaterThan(protobufDecoder.detect({ url: 'ws://h' }, protobuf.map((b) => frame(b))));
  });
});

describe('fallbacks: hex for binary, JSON/text for text', () => {
  it('shows binary as length and hex, with readable text alongside', () => {
    const session = hexDecoder.createSession({ url: 'ws://h' });
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i);
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from(bytes).toString('base64') })).toMatchObject({ ok: true, type: 'binary', summary: '20 B 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f …', payload: { $binary: 20 } });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from('hi there').toString('base64') })).toMatchObject({ ok: true, payload: { $binary: 8, text: 'hi there' } });
  });
  it('shows JSON as a tree with envelope fields, and text as text', () => {
    const session = jsonDecoder.createSession({ url: 'ws://h' });
    const m = (text: string): DecoderMessage => ({ dir: 'receive', opcode: 1, text });
    expect(session.decode(m('{"type":"price","symbol":"BTC","id":3}'))).toMatchObject({ ok: true, type: 'json', summary: 'price {"type":"price","symbol":"BTC","id":3}', fields: { op: 'price', id: '3' }, payload: { symbol: 'BTC' } });
    expect(session.decode(m('hello\nworld'))).toMatchObject({ ok: true, type: 'text', summary: 'hello world', payload: 'hello\nworld' });
    expect(session.decode(m('{broken'))).toMatchObject({ ok: true, type: 'text' });
    expect(session.decode({ dir: 'receive', opcode: 2, base64: Buffer.from([0xff, 0xfe]).toString('base64') })).toMatchObject({ ok: true, type: 'binary', summary: '2 B ff fe' });
  });
  it('survive fuzzing', () => {
    fuzzDecoder(hexDecoder, { url: 'ws://h' }, { seed: 84 });
    fuzzDecoder(jsonDecoder, { url: 'ws://h' }, { seed: 85 });
  });
});
