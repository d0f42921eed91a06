/**
 * The `name:value` fields the language knows and how their values read. Built-in fields look at
 * the row itself; decoded fields look at what the caller's protocol decoders extracted.
 */
import type { Direction } from '../protocol/records';
import type { RowType, SizeOp } from './types';

export const BUILTIN_FIELDS = ['dir', 'type', 'size', 'conn', 'url'] as const;

/**
 * Decoded fields accepted by default: Socket.IO/Phoenix events, MQTT/Phoenix/WAMP topics,
 * GraphQL-over-WS and similar `op`s, STOMP destinations, JSON-RPC methods, channels and subjects.
 * `parseQuery(text, { decodedFields })` adds more.
 */
export const DECODED_FIELDS = ['event', 'topic', 'op', 'destination', 'method', 'channel', 'subject'] as const;

/** Names that may be followed by `:`; identifiers only, so `12:30` stays plain text. */
export const FIELD_NAME = /^[a-z][a-z0-9_-]*/i;

const DIRECTIONS: Record<string, Direction> = {
  out: 'send',
  send: 'send',
  sent: 'send',
  outgoing: 'send',
  in: 'receive',
  receive: 'receive',
  received: 'receive',
  incoming: 'receive',
};

export function readDirection(value: string): Direction | undefined {
  return DIRECTIONS[value.toLowerCase()];
}

const ROW_TYPES: readonly RowType[] = ['text', 'binary', 'control', 'open', 'close', 'error'];

export function readRowType(value: string): RowType | undefined {
  const lower = value.toLowerCase();
  return (ROW_TYPES as readonly string[]).includes(lower) ? (lower as RowType) : undefined;
}

export const ROW_TYPE_LIST = ROW_TYPES.join(', ');

/**
 * Size units. Decimal like DevTools, which prints 1.5 kB for 1500 bytes (`formatBytes`), so what
 * the user reads in the Size column is what `size>1.5k` means; IEC units (`kib`, `mib`, `gib`) are
 * there for exact powers of two.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const SIZE = /^(\d+(?:\.\d*)?|\.\d+)([a-z]*)$/i;

/** Bytes of `1.5k`, `512`, `2MiB`; undefined when not a size. */
export function readSize(value: string): number | undefined {
  const m = SIZE.exec(value);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Longest first, so `>=` is not read as `>`. */
export const SIZE_OPS: readonly SizeOp[] = ['>=', '<=', '!=', '>', '<', '='];

export function readSizeOp(src: string, at: number): SizeOp | undefined {
  for (const op of SIZE_OPS) if (src.startsWith(op, at)) return op;
  return undefined;
}
