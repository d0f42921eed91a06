/**
 * Turns decoded values into what a JSON tree view can show: binary becomes `{ $binary, hex }`,
 * Maps become objects, bigints become numbers or strings, MessagePack extensions and CBOR tags
 * keep their type number. Depth and size are bounded so a hostile payload cannot blow the stack.
 */
import { Tag as CborTag } from 'cbor2';
import { toHex } from '../../lib/bytes';

const MAX_DEPTH = 64;
const MAX_HEX_BYTES = 256;

export interface BinaryView {
  /** Length in bytes. */
  $binary: number;
  /** Hex of the first bytes (`…` when cut). */
  hex: string;
}

export function binaryView(bytes: Uint8Array): BinaryView {
  const head = toHex(bytes.subarray(0, MAX_HEX_BYTES));
  return { $binary: bytes.length, hex: bytes.length > MAX_HEX_BYTES ? `${head} …` : head };
}

export function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

export function toJsonValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value === undefined) return null;
  if (typeof value !== 'object') return String(value);
  if (depth >= MAX_DEPTH) return '…';
  const bytes = asBytes(value);
  if (bytes) return binaryView(bytes);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, depth + 1));
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) out[typeof key === 'string' ? key : JSON.stringify(toJsonValue(key, depth + 1))] = toJsonValue(item, depth + 1);
    return out;
  }
  if (value instanceof Set) return [...value].map((item) => toJsonValue(item, depth + 1));
  // A CBOR tag no decoder knows (cbor2 turns dates, bignums... into plain values): keep its number.
  if (value instanceof CborTag) return { $tag: toJsonValue(value.tag, depth + 1), value: toJsonValue(value.contents, depth + 1) };
  const record = value as Record<string, unknown>;
  // MessagePack ExtData { type, data } is a class: keep its type number.
  if (value.constructor?.name === 'ExtData') return { $ext: record.type, data: toJsonValue(record.data, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = toJsonValue(record[key], depth + 1);
  return out;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'not JSON' };
  }
}

/** JSON when the text looks like and parses as an object/array, else the text itself. */
export function jsonOrText(text: string): unknown {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[' || start === '"') {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value;
  }
  return text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !asBytes(value);
}

/** A string field of an object, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string or number id as a string, or undefined. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}
