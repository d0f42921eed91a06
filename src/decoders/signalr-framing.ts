/**
 * SignalR hub protocol framing. JSON: each message ends with the record separator 0x1e, several
 * may share a frame. MessagePack: each message is prefixed by its length as a VarInt (7 bits per
 * byte, at most 5 bytes). The handshake is always JSON + 0x1e, even on a MessagePack connection,
 * where the server's answer arrives in a binary frame and may be followed by MessagePack messages.
 */
export const RECORD_SEPARATOR = '\u001e';

export function splitRecords(text: string): string[] {
  if (!text.endsWith(RECORD_SEPARATOR)) throw new Error('SignalR JSON message does not end with the record separator 0x1e');
  return text.slice(0, -1).split(RECORD_SEPARATOR);
}

export function splitLengthPrefixed(bytes: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let size = 0;
    let shift = 0;
    let used = 0;
    let byte: number;
    do {
      if (offset + used >= bytes.length) throw new Error('SignalR MessagePack length prefix cut short');
      byte = bytes[offset + used++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && used < 5);
    if (byte & 0x80) throw new Error('SignalR MessagePack length prefix longer than 5 bytes');
    const start = offset + used;
    if (start + size > bytes.length) throw new Error(`SignalR MessagePack message cut short (${bytes.length - start} of ${size} B)`);
    messages.push(bytes.subarray(start, start + size));
    offset = start + size;
  }
  return messages;
}

/** A binary frame that starts with a JSON handshake: the handshake text and the bytes after it. */
export function splitBinaryHandshake(bytes: Uint8Array): { handshake: string; rest: Uint8Array } | undefined {
  if (bytes[0] !== 0x7b /* { */) return undefined;
  const end = bytes.indexOf(0x1e);
  if (end < 0) return undefined;
  return { handshake: new TextDecoder().decode(bytes.subarray(0, end)), rest: bytes.subarray(end + 1) };
}
