/** Turns a captured payload into what the details view shows. */
import { base64ToBytes } from '../../lib/bytes';
import type { MessageRecord } from '../../protocol/records';

export function payloadBytes(message: MessageRecord): Uint8Array {
  if (message.opcode === 2) return base64ToBytes(message.base64 ?? '');
  return new TextEncoder().encode(message.text ?? '');
}

export type TextView = { kind: 'json'; text: string; value: unknown } | { kind: 'text'; text: string };

/** JSON payloads pretty-printed (two spaces), anything else as it came. */
export function textView(text: string): TextView {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', text: JSON.stringify(value, null, 2), value };
    } catch {
      /* not JSON after all */
    }
  }
  return { kind: 'text', text };
}
