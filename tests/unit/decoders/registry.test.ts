/** The registry: detection across protocols, safe sessions, pairing, and every decoder fuzzed. */
import { describe, expect, it } from 'vitest';
import { DECODERS, FALLBACK_DECODER, createSafeSession, detectDecoder, getDecoder, pairMessages, rankDecoders, type Decoder, type DecodeResult, type DecoderConnection, type DecoderMessage } from '../../../src/decoders/index';
import { fuzzDecoder } from './support/fuzz';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cbor2';

const text = (t: string, dir: DecoderMessage['dir'] = 'send'): DecoderMessage => ({ dir, opcode: 1, text: t });
const binary = (bytes: number[], dir: DecoderMessage['dir'] = 'receive'): DecoderMessage => ({ dir, opcode: 2, base64: Buffer.from(bytes).toString('base64') });

describe('detectDecoder', () => {
  it.each<[string, DecoderConnection, DecoderMessage[]]>([
    ['socket.io', { url: 'wss://x/socket.io/?EIO=4&transport=websocket' }, []],
    ['socket.io', { url: 'wss://x/custom/?EIO=4&transport=websocket' }, [text('0{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1}', 'receive'), text('40')]],
    ['engine.io', { url: 'wss://x/engine.io/?EIO=4&transport=websocket' }, []],
    ['sockjs', { url: 'wss://x/echo/123/abcdefgh/websocket' }, []],
    ['sockjs', { url: 'wss://x/ws' }, [text('o', 'receive')]],
    ['stomp', { url: 'wss://x/ws', protocol: 'v12.stomp' }, []],
    ['stomp', { url: 'wss://x/ws', protocolsRequested: ['v10.stomp', 'v11.stomp'], protocol: '' }, []],
    ['mqtt', { url: 'wss://x/mqtt', protocol: 'mqtt' }, []],
    ['mqtt', { url: 'wss://x/graphql', protocol: 'mqtt' }, []],
    ['graphql-transport-ws', { url: 'wss://x/graphql', protocol: 'graphql-transport-ws' }, []],
    ['graphql-transport-ws', { url: 'wss://x/graphql' }, []],
    ['subscriptions-transport-ws', { url: 'wss://x/graphql', protocol: 'graphql-ws' }, []],
    ['subscriptions-transport-ws', { url: 'wss://x/graphql' }, [text('{"type":"connection_init"}'), text('{"type":"ka"}', 'receive')]],
    ['phoenix', { url: 'wss://x/socket/websocket?vsn=2.0.0' }, []],
    ['phoenix', { url: 'wss://x/live/websocket?_csrf_token=abc&vsn=2.0.0' }, []],
    ['action-cable', { url: 'wss://x/cable' }, []],
    ['action-cable', { url: 'wss://x/cable', protocol: 'actioncable-v1-json' }, []],
    ['wamp', { url: 'wss://x/ws', protocol: 'wamp.2.json' }, []],
    ['wamp', { url: 'wss://x/ws', protocol: 'wamp.2.msgpack' }, []],
    ['wamp', { url: 'wss://x/ws', protocol: 'wamp.2.cbor' }, []],
    ['wamp', { url: 'wss://x/ws' }, [text('[1,"realm1",{"roles":{"caller":{}}}]')]],
    ['signalr', { url: 'wss://x/chatHub?id=abcdefghijklmnopqrstuv' }, []],
    ['signalr', { url: 'wss://x/anything' }, [text('{"protocol":"json","version":1}\u001e')]],
    ['json-rpc', { url: 'wss://x/' }, [text('{"jsonrpc":"2.0","method":"eth_subscribe","params":["newHeads"],"id":1}')]],
    ['json', { url: 'wss://x/feed' }, [text('{"type":"price"}', 'receive')]],
    ['json', { url: 'wss://x/' }, []],
    ['msgpack', { url: 'wss://x/' }, [binary([0x81, 0xa1, 0x61, 0x01])]],
    ['cbor', { url: 'wss://x/' }, [binary([0xa1, 0x61, 0x61, 0x01])]],
    ['protobuf', { url: 'wss://x/' }, [binary([0x08, 0x96, 0x01])]],
    ['hex', { url: 'wss://x/' }, [binary([0xde, 0xad])]],
  ])('%s for %j', (expected, connection, messages) => {
    expect(detectDecoder(connection, messages).id).toBe(expected);
  });

  it('ranks every decoder, best first, and survives a throwing detect', () => {
    const throwing: Decoder = { id: 'boom', label: 'Boom', detect: () => { throw new Error('boom'); }, createSession: () => ({ decode: () => { throw new Error('boom'); } }) };
    const ranked = rankDecoders({ url: 'wss://x/socket.io/?EIO=4' }, []);
    expect(ranked[0].decoder.id).toBe('socket.io');
    expect(ranked.map((r) => r.decoder.id).sort()).toEqual(DECODERS.map((d) => d.id).sort());
    expect(() => createSafeSession(throwing, { url: 'x' }).decode(text('x'))).not.toThrow();
    expect(createSafeSession(throwing, { url: 'x' }).decode(text('x'))).toEqual({ ok: false, protocol: 'boom', error: 'boom' });
    expect(FALLBACK_DECODER.id).toBe('json');
    expect(getDecoder('mqtt')?.label).toBe('MQTT');
  });

  it('has unique ids and labels', () => {
    expect(new Set(DECODERS.map((d) => d.id)).size).toBe(DECODERS.length);
    expect(DECODERS.every((d) => d.label.length > 0)).toBe(true);
  });

  it('decodes a whole connection in order with one session', () => {
    const session = createSafeSession(getDecoder('json-rpc')!, { url: 'ws://x' });
    const results = [text('{"jsonrpc":"2.0","method":"a","id":1}'), text('{"jsonrpc":"2.0","result":1,"id":1}', 'receive')].map((m) => session.decode(m));
    expect(results.map((r) => r.ok && r.summary)).toEqual(['a (id 1) []', 'result a (id 1) 1']);
  });
});

describe('pairMessages', () => {
  const d = (key: string, role: 'request' | 'response' | 'stream' | 'complete'): DecodeResult => ({ ok: true, protocol: 't', summary: '', type: 't', fields: {}, correlation: { key, role } });
  it('pairs requests with responses, streams with completions, and measures round trips', () => {
    const { pairs, pairOf } = pairMessages([
      { decoded: d('a', 'request'), time: 100 },
      { decoded: d('b', 'request'), time: 110 },
      { decoded: { ok: false, protocol: 't', error: 'x' }, time: 115 },
      { decoded: d('b', 'stream'), time: 120 },
      { decoded: d('a', 'response'), time: 130 },
      { decoded: d('b', 'stream'), time: 140 },
      { decoded: d('b', 'complete'), time: 150 },
    ]);
    expect(pairs).toEqual([
      { key: 'a', request: 0, responses: [4], closed: true, rtt: 30, duration: 30 },
      { key: 'b', request: 1, responses: [3, 5], complete: 6, closed: true, rtt: 10, duration: 40 },
    ]);
    expect(pairOf[2]).toBeUndefined();
    expect(pairOf[5]).toBe(pairs[1]);
  });
  it('starts a new exchange when an id is reused, and keeps answers without a request', () => {
    const { pairs } = pairMessages([
      { decoded: d('a', 'response') },
      { decoded: d('a', 'request'), time: 1 },
      { decoded: d('a', 'request'), time: 2 },
      { decoded: d('a', 'response'), time: 5 },
      { decoded: d('a', 'request'), time: 6 },
    ]);
    expect(pairs.map((p) => [p.request, p.responses, p.closed, p.rtt])).toEqual([
      [undefined, [0], true, undefined],
      [1, [], false, undefined],
      [2, [3], true, 3],
      [4, [], false, undefined],
    ]);
  });
});

describe('every decoder under random input', () => {
  const connections: DecoderConnection[] = [
    { url: 'ws://x/' },
    { url: 'ws://x/socket.io/?EIO=3&transport=websocket' },
    { url: 'ws://x/ws', protocol: 'wamp.2.cbor' },
    { url: 'ws://x/ws', protocol: 'wamp.2.msgpack.batched' },
    { url: 'ws://x/mqtt', protocol: 'mqttv3.1' },
  ];
  it.each(DECODERS.map((decoder) => [decoder.id, decoder] as const))('%s never throws and always returns a well-formed result', (_id, decoder) => {
    connections.forEach((connection, i) => fuzzDecoder(decoder, connection, { seed: 1000 + i, rounds: 300 }));
  });
  it.each(DECODERS.map((decoder) => [decoder.id, decoder] as const))('%s detect never throws on garbage', (_id, decoder) => {
    const messages: DecoderMessage[] = [text('\u0000\u001e{['), binary([0xff, 0x00, 0x80]), { dir: 'send', opcode: 2, base64: '%%%' }, { dir: 'send', opcode: 1 }];
    expect(() => decoder.detect({ url: '' }, messages)).not.toThrow();
    expect(Number.isFinite(decoder.detect({ url: 'not a url' }, messages))).toBe(true);
  });
});

describe('stateless decoders', () => {
  // The panel decodes rows of a stateless decoder one by one, out of order (src/panel/decoding.ts):
  // a decoder marked so must decode every message alone exactly as in the connection's sequence.
  const corpus: DecoderMessage[] = [
    text('["1","1","room:lobby","phx_join",{}]'),
    text('["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]', 'receive'),
    text('{"command":"subscribe","identifier":"{\\"channel\\":\\"ChatChannel\\"}"}'),
    text('{"type":"confirm_subscription","identifier":"{\\"channel\\":\\"ChatChannel\\"}"}', 'receive'),
    text('{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}'),
    text('{"jsonrpc":"2.0","id":1,"result":3}', 'receive'),
    text('plain words'),
    text(''),
    binary([...Buffer.from(msgpackEncode({ type: 'tick', n: 1 }))]),
    binary([...Buffer.from(cborEncode({ type: 'tick', n: 2 }))]),
    binary([0x08, 0x96, 0x01, 0x12, 0x03, 0x61, 0x62, 0x63]), // protobuf: field 1 = 150, field 2 = "abc"
    binary([0xff, 0x00, 0x13, 0x37]),
    binary([]),
  ];
  const stateless = DECODERS.filter((d) => d.stateless);

  it('are the generic formats and the protocols without per-connection state', () => {
    expect(stateless.map((d) => d.id).sort()).toEqual(['action-cable', 'cbor', 'hex', 'json', 'msgpack', 'phoenix', 'protobuf']);
  });

  it.each(stateless.map((d) => [d.id, d] as const))('%s decodes each message alone as in sequence', (_id, decoder) => {
    const connection = { url: 'wss://x/socket/websocket?vsn=2.0.0' };
    const session = createSafeSession(decoder, connection);
    const inSequence = corpus.map((m) => session.decode(m));
    const alone = [...corpus].reverse().map((m) => createSafeSession(decoder, connection).decode(m)).reverse();
    expect(alone).toEqual(inSequence);
  });
});
