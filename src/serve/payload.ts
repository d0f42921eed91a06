/**
 * Payloads as the served socket carries them: a string for a text message, an ArrayBuffer for a
 * binary one (what `MessageEvent.data` holds with `binaryType = 'arraybuffer'`, and what the
 * bridge gets from the hook). Recorded frames keep binary as base64 (ServeFrame).
 */
import { base64ToBytes } from '../lib/bytes';
import type { ServeFrame } from '../protocol/serve';

export type ServePayload = string | ArrayBuffer;

/** The payload a recorded frame stands for. A frame with neither field is an empty text message. */
export function framePayload(frame: ServeFrame): ServePayload {
  if (frame.base64 !== undefined) return bufferOf(base64ToBytes(frame.base64));
  return frame.text ?? '';
}

/** An ArrayBuffer holding exactly these bytes (a view may sit inside a larger buffer). */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

export function isBinaryPayload(data: ServePayload): data is ArrayBuffer {
  return typeof data !== 'string';
}
