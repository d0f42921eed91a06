/**
 * Detection must go by evidence specific to a protocol. Differential: JSON feeds of the kind
 * public APIs send (exchange tickers, home automation, chat gateways, RPC-ish APIs without
 * JSON-RPC's version member) use `type`, `event`, `id`, `method`, `op` like the protocols do, and
 * must stay JSON: no protocol decoder may claim them. The recorded sessions of the real client
 * libraries (the other test files) show the protocols are still detected from their messages.
 */
import { describe, expect, it } from 'vitest';
import { detectDecoder, rankDecoders, type DecoderMessage } from '../../../src/decoders/index';

const out = (value: unknown): DecoderMessage => ({ dir: 'send', opcode: 1, text: typeof value === 'string' ? value : JSON.stringify(value) });
const inn = (value: unknown): DecoderMessage => ({ dir: 'receive', opcode: 1, text: typeof value === 'string' ? value : JSON.stringify(value) });

/** Decoders that do not name a protocol: they may score on any JSON. */
const GENERIC = new Set(['json', 'hex', 'msgpack', 'cbor', 'protobuf']);

const FEEDS: [string, DecoderMessage[]][] = [
  [
    'an exchange ticker: subscribe by "type", then typed updates',
    [
      out({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['ticker', 'heartbeat'] }),
      inn({ type: 'subscriptions', channels: [{ name: 'ticker', product_ids: ['BTC-USD'] }] }),
      inn({ type: 'heartbeat', sequence: 90, last_trade_id: 20, product_id: 'BTC-USD', time: '2024-01-02T00:00:00Z' }),
      inn({ type: 'ticker', sequence: 91, product_id: 'BTC-USD', price: '42000.01', side: 'buy' }),
      inn({ type: 'trade', symbol: 'BTC', price: 42000, qty: 0.5, id: 7 }),
      inn({ type: 'next', id: '8', payload: { price: 42001 } }),
    ],
  ],
  [
    'an exchange with "event" messages and array updates',
    [
      inn({ event: 'systemStatus', status: 'online', version: '1.9.0' }),
      out({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } }),
      inn({ event: 'subscriptionStatus', channelName: 'ticker', pair: 'XBT/USD', status: 'subscribed' }),
      inn({ event: 'heartbeat' }),
      inn([42, { a: ['5525.4', 1, '1.0'] }, 'ticker', 'XBT/USD']),
      inn({ event: 'update', data: { id: 3, value: 1 } }),
    ],
  ],
  [
    'an RPC-ish API with "method" and "id" but no "jsonrpc": "2.0"',
    [
      out({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }),
      inn({ result: null, id: 1 }),
      out({ id: 2, method: 'x' }),
      inn({ id: 2, error: { code: 1, message: 'nope' } }),
      inn({ e: 'trade', E: 1700000000000, s: 'BTCUSDT', p: '42000.00' }),
    ],
  ],
  [
    'a home-automation API: numbered commands with "type"',
    [
      inn({ type: 'auth_required', ha_version: '2024.1.0' }),
      out({ type: 'auth', access_token: 'abc' }),
      inn({ type: 'auth_ok', ha_version: '2024.1.0' }),
      out({ id: 1, type: 'subscribe_events', event_type: 'state_changed' }),
      inn({ id: 1, type: 'result', success: true, result: null }),
      inn({ id: 1, type: 'event', event: { event_type: 'state_changed', data: { entity_id: 'light.kitchen' } } }),
    ],
  ],
  [
    'a chat gateway with "op" codes, pings and a welcome',
    [
      inn({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }),
      out({ op: 2, d: { token: 't', properties: {} } }),
      inn({ op: 0, t: 'READY', s: 1, d: { session_id: 'x' } }),
      inn({ type: 'welcome', user: 'ann' }),
      out({ type: 'ping' }),
      inn({ type: 'pong' }),
      out({ type: 'start', room: 'lobby' }),
      inn({ type: 'data', id: '1', payload: { text: 'hi' } }),
    ],
  ],
  [
    'a pub/sub service with "event", "channel" and "data"',
    [
      inn({ event: 'pusher:connection_established', data: '{"socket_id":"1.2"}' }),
      out({ event: 'pusher:subscribe', data: { channel: 'orders' } }),
      inn({ event: 'update', channel: 'orders', data: { id: 5 } }),
      inn({ topic: 'orders', event: 'heartbeat', payload: {} }),
      inn({ identifier: 'orders', message: { id: 5 } }),
    ],
  ],
  [
    'arrays and numbers',
    [
      out([1, 'BTC', { price: 1 }]),
      inn([[1, 2], [3, 4]]),
      inn([null, null, 'room:lobby', 'new_msg', { body: 'hi' }]),
      inn([2, 'abc', {}]),
      inn('42'),
      inn('40'),
      inn('42.5'),
      inn('420'),
      inn({ type: 'ka', ts: 1 }),
    ],
  ],
];

describe('plain JSON feeds stay JSON', () => {
  it.each(FEEDS)('%s', (_name, messages) => {
    // Every prefix too: the panel detects from the first messages it has.
    for (let n = 1; n <= messages.length; n++) {
      const sample = messages.slice(0, n);
      expect(detectDecoder({ url: 'wss://feed.example.com/ws' }, sample).id).toBe('json');
      const claimed = rankDecoders({ url: 'wss://feed.example.com/ws' }, sample).filter((r) => !GENERIC.has(r.decoder.id) && r.score > 0);
      expect(claimed.map((r) => `${r.decoder.id} ${r.score}`)).toEqual([]);
    }
  });
});

describe('protocol messages are still detected by their own evidence', () => {
  const url = 'wss://x.example.com/ws';
  it.each<[string, DecoderMessage[]]>([
    ['graphql-transport-ws', [out({ type: 'connection_init' }), inn({ type: 'connection_ack' })]],
    ['graphql-transport-ws', [out({ id: 'a1', type: 'subscribe', payload: { query: 'subscription { n }' } })]],
    ['graphql-transport-ws', [inn({ id: 'a1', type: 'next', payload: { data: { n: 1 } } })]],
    ['subscriptions-transport-ws', [out({ type: 'connection_init', payload: {} }), inn({ type: 'connection_ack' }), inn({ type: 'ka' })]],
    ['subscriptions-transport-ws', [out({ id: '1', type: 'start', payload: { query: '{ a }' } })]],
    ['json-rpc', [out({ jsonrpc: '2.0', method: 'eth_subscribe', params: ['newHeads'], id: 1 })]],
    ['json-rpc', [inn([{ jsonrpc: '2.0', result: 1, id: 1 }])]],
    ['phoenix', [out(['1', '1', 'room:lobby', 'phx_join', {}])]],
    ['phoenix', [out({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '5' })]],
    ['action-cable', [out({ command: 'subscribe', identifier: JSON.stringify({ channel: 'ChatChannel' }) })]],
    ['action-cable', [inn({ type: 'welcome' }), inn({ type: 'ping', message: 1700000000 })]],
    ['wamp', [out([1, 'realm1', { roles: { caller: {} } }])]],
    ['wamp', [inn([2, 9001, { roles: { broker: {} } }])]],
    ['socket.io', [inn('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'), out('40')]],
    ['socket.io', [out('42["chat",{"text":"hi"}]')]],
    ['sockjs', [inn('o'), inn('a["{\\"x\\":1}"]')]],
    ['signalr', [out('{"protocol":"json","version":1}\u001e')]],
    ['stomp', [out('CONNECT\naccept-version:1.2\nhost:h\n\n\u0000')]],
  ])('%s from %j', (expected, messages) => {
    expect(detectDecoder({ url }, messages).id).toBe(expected);
  });
});
