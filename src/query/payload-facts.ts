/**
 * What queries search in a message payload, derived on demand. Deriving is the expensive part of
 * filtering (JSON.parse ~1 µs per small message, base64 decoding), so each derivation is done at
 * most once per row evaluation (see `createRowMemo`) and, when the caller opts in, once per message
 * ever (`createPayloadCache`).
 */
import { base64ToBytes, toHex } from '../lib/bytes';
import type { MessageRecord } from '../protocol/records';
import type { DecodedFields } from '../decoders/types';
import type { MatchContext, PayloadCache } from './types';

const utf8Decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

/**
 * JSON value of a text payload, `undefined` when it is not JSON. Only objects and arrays are tried
 * (first non-blank character `{` or `[`): JSON paths need a container anyway, and the check makes
 * plain-text messages cost nothing. Binary payloads are never JSON here (a caller's `jsonOf` can
 * supply decoded MessagePack/CBOR).
 */
export function parseJsonPayload(message: MessageRecord): unknown {
  if (message.opcode !== 1 || !message.text) return undefined;
  const text = message.text;
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 0x20)) i++;
  const first = text.charCodeAt(i);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Bytes of a binary payload; malformed base64 counts as empty (filtering never throws on data). */
export function binaryBytes(message: MessageRecord): Uint8Array {
  if (message.opcode !== 2 || !message.base64) return EMPTY;
  try {
    return base64ToBytes(message.base64);
  } catch {
    return EMPTY;
  }
}

function utf8Of(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Same form as the panel's hex views: `de ad be ef`. */
function hexOf(bytes: Uint8Array): string {
  return toHex(bytes, ' ');
}

/** Marks "computed, and it was undefined" in caches (a WeakMap miss is also undefined). */
const NONE = Symbol('none');

/**
 * Cache the caller keeps across matchers (e.g. for the life of a capture) so that re-filtering a
 * million messages after each keystroke does not parse them again. Costs memory in proportion to
 * the messages it has seen: parsed JSON is typically several times larger than its text.
 */
export function createPayloadCache(): PayloadCache {
  const json = new WeakMap<MessageRecord, unknown>();
  const bytes = new WeakMap<MessageRecord, Uint8Array>();
  const utf8 = new WeakMap<MessageRecord, string>();
  const hex = new WeakMap<MessageRecord, string>();
  const cache: PayloadCache = {
    json(message) {
      let value = json.get(message);
      if (value === undefined) json.set(message, (value = parseJsonPayload(message) ?? NONE));
      return value === NONE ? undefined : value;
    },
    bytes(message) {
      let value = bytes.get(message);
      if (value === undefined) bytes.set(message, (value = binaryBytes(message)));
      return value;
    },
    utf8(message) {
      let value = utf8.get(message);
      if (value === undefined) utf8.set(message, (value = utf8Of(cache.bytes(message))));
      return value;
    },
    hex(message) {
      let value = hex.get(message);
      if (value === undefined) hex.set(message, (value = hexOf(cache.bytes(message))));
      return value;
    },
  };
  return cache;
}

/** Payload accessors a compiled matcher uses; each remembers its last message only. */
export interface RowMemo {
  json(message: MessageRecord): unknown;
  bytes(message: MessageRecord): Uint8Array;
  utf8(message: MessageRecord): string;
  hex(message: MessageRecord): string;
  fields(message: MessageRecord): DecodedFields | undefined;
}

/**
 * One-entry memos: a row is evaluated term after term before the next row, so remembering the
 * last message is enough for `$.a=1 OR $.b=2` to parse once, without retaining anything else.
 */
export function createRowMemo(context: MatchContext): RowMemo {
  const cache = context.cache;
  // Arrow wrappers keep `this` for callers whose accessors are methods.
  const jsonSource: (m: MessageRecord) => unknown = context.jsonOf
    ? (m) => context.jsonOf!(m)
    : cache
      ? (m) => cache.json(m)
      : parseJsonPayload;
  const bytesSource: (m: MessageRecord) => Uint8Array = cache ? (m) => cache.bytes(m) : binaryBytes;
  const fieldsSource = context.decodedFieldsOf ? (m: MessageRecord) => context.decodedFieldsOf!(m) : undefined;

  let jsonKey: MessageRecord | undefined;
  let jsonValue: unknown;
  let bytesKey: MessageRecord | undefined;
  let bytesValue: Uint8Array = EMPTY;
  let utf8Key: MessageRecord | undefined;
  let utf8Value = '';
  let hexKey: MessageRecord | undefined;
  let hexValue = '';
  let fieldsKey: MessageRecord | undefined;
  let fieldsValue: DecodedFields | undefined;

  const memo: RowMemo = {
    json(message) {
      if (message !== jsonKey) {
        jsonValue = jsonSource(message);
        jsonKey = message;
      }
      return jsonValue;
    },
    bytes(message) {
      if (message !== bytesKey) {
        bytesValue = bytesSource(message);
        bytesKey = message;
      }
      return bytesValue;
    },
    utf8(message) {
      if (message !== utf8Key) {
        utf8Value = cache ? cache.utf8(message) : utf8Of(memo.bytes(message));
        utf8Key = message;
      }
      return utf8Value;
    },
    hex(message) {
      if (message !== hexKey) {
        hexValue = cache ? cache.hex(message) : hexOf(memo.bytes(message));
        hexKey = message;
      }
      return hexValue;
    },
    fields(message) {
      if (!fieldsSource) return undefined;
      if (message !== fieldsKey) {
        fieldsValue = fieldsSource(message);
        fieldsKey = message;
      }
      return fieldsValue;
    },
  };
  return memo;
}
