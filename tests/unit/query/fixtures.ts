/** Sample rows and a context shared by the query matching tests. */
import { expect } from 'vitest';
import type { ConnectionInfo, MessageRecord } from '../../../src/protocol/records';
import { compileQuery, parseQuery, type ControlEvent, type DecodedFields, type FilterRow, type MatchContext } from '../../../src/query';
import { createTestConnection } from '../support/connection';

let seq = 0;

export function text(connId: string, dir: MessageRecord['dir'], payload: string, extra: Partial<MessageRecord> = {}): MessageRecord {
  return { connId, seq: seq++, dir, time: 1_700_000_000_000 + seq, opcode: 1, size: new TextEncoder().encode(payload).length, text: payload, ...extra };
}

export function binary(connId: string, dir: MessageRecord['dir'], bytes: number[], extra: Partial<MessageRecord> = {}): MessageRecord {
  return { connId, seq: seq++, dir, time: 1_700_000_000_000 + seq, opcode: 2, size: bytes.length, base64: Buffer.from(bytes).toString('base64'), ...extra };
}

export function control(connId: string, event: ControlEvent['event'], detail?: string): ControlEvent {
  return { kind: 'control', event, connId, time: 1_700_000_000_000 + seq++, ...(detail === undefined ? {} : { detail }) };
}

function connection(id: string, url: string): ConnectionInfo {
  return createTestConnection({ id, url, frameUrl: 'https://app.example/' });
}

export const connections = [connection('doc1:1', 'wss://chat.example/socket'), connection('doc1:2', 'wss://MARKET.example/stream?x=1')];

/** Named rows: the tests speak of `trade`, `hello`... rather than indices. */
export const rows: Record<string, FilterRow> = {
  trade: text(
    'doc1:1',
    'send',
    '{"type":"trade","data":{"price":101.5,"qty":"2"},"user":{"name":"Alice"},"items":[{"id":3},{"id":4}],"id":3}',
  ),
  hello: text('doc1:2', 'receive', 'Hello Wörld (ÉTÉ) a|b "quoted text"'),
  cafe: binary('doc1:1', 'receive', [0xca, 0xfe, 0xba, 0xbe, 0x68, 0x69, 0x21]), // ....hi!
  quote: text('doc1:2', 'receive', ' {"type":"quote","data":{"price":"99.5"},"tags":["Fast","cheap"],"ok":true,"none":null,"n":1e2}', {
    size: 2000,
  }),
  chat: text('doc1:1', 'send', '42["chat:message",{"text":"hi"}]'),
  mqtt: binary('doc1:2', 'receive', [0x30, 0x0c]),
  stomp: text('doc1:2', 'receive', 'MESSAGE\ndestination:/queue/a\n\nbody\u0000'),
  open: control('doc1:1', 'open', 'wss://chat.example/socket'),
  close: control('doc1:2', 'close', '1000 normal closure'),
  error: control('doc1:2', 'error'),
};

const decoded = new Map<FilterRow, DecodedFields>([
  [rows.chat, { event: 'chat:message' }],
  [rows.mqtt, { topic: 'sensors/kitchen/temp', op: 'publish' }],
  [rows.stomp, { destination: '/queue/a', method: 'MESSAGE', id: 7 }],
]);

export const context: MatchContext = {
  decodedFieldsOf: (m) => decoded.get(m),
  connectionOf: (id) => connections.find((c) => c.id === id),
  connectionIndexOf: (id) => {
    const i = connections.findIndex((c) => c.id === id);
    return i === -1 ? undefined : i + 1;
  },
};

/** Names of the sample rows a query matches, in table order. */
export function matching(query: string, ctx: MatchContext = context): string[] {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  const predicate = compileQuery(parsed.query, ctx);
  return Object.entries(rows)
    .filter(([, row]) => predicate(row))
    .map(([name]) => name);
}

export const ALL = Object.keys(rows);

/** `matching(query)` equals `names`, with the query in the failure message. */
export function expectMatches(query: string, names: string[], ctx?: MatchContext): void {
  expect(matching(query, ctx), query).toEqual(names);
}
