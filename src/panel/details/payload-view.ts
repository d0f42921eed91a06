/** Turns a captured payload into what the details view shows. */
import { base64ToBytes, utf8Length } from '../../lib/bytes';
import type { MessageRecord } from '../../protocol/records';

export { payloadBytes } from '../../lib/bytes';

/**
 * The first `limit` bytes of the payload and how many it has in all, decoding only those: the
 * hex view of a 32 MiB message shows 64 KiB, and decoding all of it took longer than the dump.
 */
export function payloadHead(message: MessageRecord, limit: number): { bytes: Uint8Array; total: number } {
  if (message.opcode === 2) {
    const base64 = message.base64 ?? '';
    const bytes = base64ToBytes(base64.slice(0, 4 * Math.ceil(limit / 3)));
    let padding = 0;
    while (padding < 2 && base64.charCodeAt(base64.length - 1 - padding) === 0x3d /* = */) padding++;
    return { bytes: bytes.subarray(0, limit), total: Math.floor((base64.length * 3) / 4) - padding };
  }
  const text = message.text ?? '';
  // One character more than bytes wanted: a surrogate pair cut at the end would encode as U+FFFD.
  const bytes = new TextEncoder().encode(text.length <= limit ? text : text.slice(0, limit + 1));
  return { bytes: bytes.subarray(0, limit), total: text.length <= limit ? bytes.length : utf8Length(text) };
}

/** Characters per block of a payload view (see `chunksOf`). */
export const CHUNK_CHARS = 8192;

/**
 * `text` in blocks of about `size` characters, cut after a line break where there is one. The
 * views render each block as its own element that the browser may skip laying out while it is
 * off screen (`content-visibility: auto`): one 256 K character <pre> of emoji-rich text took
 * Chromium 1 to 2 s of layout when a message was selected.
 */
export function chunksOf(text: string, size = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (text.length - start > size) {
    let end = text.lastIndexOf('\n', start + size - 1) + 1;
    if (end <= start + size / 2) {
      end = start + size;
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last < 0xdc00) end--; // never split a surrogate pair
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  chunks.push(text.slice(start));
  return chunks;
}

/**
 * Largest text pretty-printed as JSON (and offered as a JSON tree): parsing and re-printing
 * 32 MiB took seconds, at every message selected. The default truncation size, so what is kept
 * by default is formatted.
 */
export const FORMAT_MAX_CHARS = 4 * 1024 * 1024;

export type TextView = { kind: 'json'; text: string; value: unknown } | { kind: 'text'; text: string; tooLargeToFormat?: true };

/** JSON payloads pretty-printed (two spaces), anything else as it came. */
export function textView(text: string): TextView {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (text.length > FORMAT_MAX_CHARS) return { kind: 'text', text, tooLargeToFormat: true };
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', text: JSON.stringify(value, null, 2), value };
    } catch {
      /* not JSON after all */
    }
  }
  return { kind: 'text', text };
}
