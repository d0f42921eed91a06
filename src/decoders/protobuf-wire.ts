/**
 * Schema-less Protocol Buffers: the wire format alone says field numbers and wire types
 * (varint, fixed64, length-delimited, fixed32, and the old groups). What a length-delimited
 * field holds is a guess: readable UTF-8 is taken as a string, else bytes that parse completely
 * as a message are taken as a nested message, else they stay bytes.
 */
import { isPrintable, utf8OrUndefined } from './support/input';
import { binaryView } from './support/json-value';

export type WireType = 'varint' | 'fixed64' | 'bytes' | 'group' | 'fixed32';
const WIRE_TYPES: Record<number, WireType> = { 0: 'varint', 1: 'fixed64', 2: 'bytes', 3: 'group', 5: 'fixed32' };
const MAX_DEPTH = 32;
const MAX_FIELD = 536_870_911; // 2^29 - 1

export interface ProtoField {
  field: number;
  wire: WireType;
  /** `string`/`message`/`bytes` for length-delimited fields: the guess made. */
  kind: WireType | 'string' | 'message';
  value: unknown;
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done() {
    return this.pos >= this.bytes.length;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.bytes.length) throw new Error('protobuf varint cut short');
      const byte = this.bytes[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
    }
    throw new Error('protobuf varint longer than 10 bytes');
  }
  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.pos) throw new Error('protobuf field longer than its message');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

const numberOf = (value: bigint): number | string => (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString());

function guessBytes(bytes: Uint8Array, depth: number): Pick<ProtoField, 'kind' | 'value'> {
  const text = utf8OrUndefined(bytes);
  if (text !== undefined && isPrintable(text)) return { kind: 'string', value: text };
  if (depth < MAX_DEPTH && bytes.length > 0) {
    try {
      return { kind: 'message', value: parseProtobuf(bytes, depth + 1) };
    } catch {
      /* not a message */
    }
  }
  return { kind: 'bytes', value: binaryView(bytes) };
}

/** Parses fields until the end (or a group end). Throws on anything that is not valid wire format. */
function readFields(reader: Reader, depth: number, group?: number): ProtoField[] {
  const fields: ProtoField[] = [];
  while (!reader.done) {
    const tag = reader.varint();
    const field = Number(tag >> 3n);
    const wireCode = Number(tag & 7n);
    if (field < 1 || field > MAX_FIELD) throw new Error(`protobuf field number ${field} out of range`);
    if (wireCode === 4) {
      if (group !== field) throw new Error(`protobuf group end ${field} without its start`);
      return fields;
    }
    const wire = WIRE_TYPES[wireCode];
    if (!wire) throw new Error(`protobuf wire type ${wireCode} does not exist`);
    switch (wire) {
      case 'varint':
        fields.push({ field, wire, kind: wire, value: numberOf(reader.varint()) });
        break;
      case 'fixed64': {
        const b = reader.take(8);
        fields.push({ field, wire, kind: wire, value: numberOf(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true)) });
        break;
      }
      case 'fixed32': {
        const b = reader.take(4);
        fields.push({ field, wire, kind: wire, value: new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true) });
        break;
      }
      case 'bytes': {
        const length = reader.varint();
        if (length > BigInt(reader.bytes.length)) throw new Error('protobuf field longer than its message');
        fields.push({ field, wire, ...guessBytes(reader.take(Number(length)), depth) });
        break;
      }
      case 'group':
        if (depth >= MAX_DEPTH) throw new Error('protobuf groups nested too deep');
        fields.push({ field, wire, kind: wire, value: readFields(reader, depth + 1, field) });
    }
  }
  if (group !== undefined) throw new Error(`protobuf group ${group} not closed`);
  return fields;
}

export function parseProtobuf(bytes: Uint8Array, depth = 0): ProtoField[] {
  return readFields(new Reader(bytes), depth);
}

/**
 * A JSON tree of the fields: keys `<field>:<kind>` (`1:varint`, `2:string`, `3:message`),
 * repeated fields as arrays, nested messages as nested objects.
 */
export function protobufToJson(fields: ProtoField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const key = `${f.field}:${f.kind}`;
    const value = f.kind === 'message' || f.kind === 'group' ? protobufToJson(f.value as ProtoField[]) : f.value;
    // No single value is an array (messages are objects), so an array here means a repeated field.
    if (!(key in out)) out[key] = value;
    else if (Array.isArray(out[key])) (out[key] as unknown[]).push(value);
    else out[key] = [out[key], value];
  }
  return out;
}
