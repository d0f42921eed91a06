/**
 * The two self-describing binary formats, each as one strict call: the whole input must be one
 * value (trailing bytes are an error), so a successful decode is real evidence of the format.
 * CBOR comes from cbor2, plain JavaScript (no `new Function`, which an extension page's content
 * security policy forbids, and no native add-on to build at install time).
 */
import { decode as decodeMsgpack } from '@msgpack/msgpack';
import { decode as decodeCbor } from 'cbor2';
import { toJsonValue } from './json-value';

export function msgpackValue(bytes: Uint8Array): unknown {
  return toJsonValue(decodeMsgpack(bytes, { useBigInt64: true }));
}

export function cborValue(bytes: Uint8Array): unknown {
  return toJsonValue(decodeCbor(bytes));
}

/** Never-throwing variants for detection. */
export function tryDecode(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: decode(bytes) };
  } catch {
    return { ok: false };
  }
}
