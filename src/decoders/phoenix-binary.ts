/**
 * Phoenix Channels' binary frames (serializer v2, used when a payload is an ArrayBuffer). Byte 0
 * is the kind; then one length byte per string field, the strings, and the raw payload. A client
 * push carries a ref; a server push does not, so the same kind 0 is laid out by direction.
 */
import type { DecoderMessage } from './types';

export interface PhoenixMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

const KIND_PUSH = 0;
const KIND_REPLY = 1;
const KIND_BROADCAST = 2;
const utf8 = new TextDecoder();

function readStrings(bytes: Uint8Array, sizesAt: number, count: number): { strings: string[]; end: number } {
  if (bytes.length < sizesAt + count) throw new Error('Phoenix binary header cut short');
  let offset = sizesAt + count;
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = bytes[sizesAt + i];
    if (offset + size > bytes.length) throw new Error('Phoenix binary header cut short');
    strings.push(utf8.decode(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  return { strings, end: offset };
}

export function decodePhoenixBinary(bytes: Uint8Array, dir: DecoderMessage['dir']): PhoenixMessage {
  switch (bytes[0]) {
    case KIND_PUSH: {
      if (dir === 'send') {
        const { strings: [joinRef, ref, topic, event], end } = readStrings(bytes, 1, 4);
        return { join_ref: joinRef, ref, topic, event, payload: bytes.subarray(end) };
      }
      const { strings: [joinRef, topic, event], end } = readStrings(bytes, 1, 3);
      return { join_ref: joinRef, ref: null, topic, event, payload: bytes.subarray(end) };
    }
    case KIND_REPLY: {
      const { strings: [joinRef, ref, topic, status], end } = readStrings(bytes, 1, 4);
      return { join_ref: joinRef, ref, topic, event: 'phx_reply', payload: { status, response: bytes.subarray(end) } };
    }
    case KIND_BROADCAST: {
      const { strings: [topic, event], end } = readStrings(bytes, 1, 2);
      return { join_ref: null, ref: null, topic, event, payload: bytes.subarray(end) };
    }
  }
  throw new Error(`unknown Phoenix binary message kind ${bytes[0]}`);
}
