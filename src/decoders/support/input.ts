/** Reading a captured message as text, whatever opcode it came with (its bytes: `payloadBytes` in src/lib/bytes.ts). */
import { payloadBytes } from '../../lib/bytes';
import type { DecoderMessage } from '../types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8: undefined when the bytes are not valid UTF-8 (so binary is not mistaken for text). */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The message as text: text frames as they are, binary frames only when they are valid UTF-8. */
export function messageText(message: DecoderMessage): string | undefined {
  if (message.opcode === 1) return message.text ?? '';
  return utf8OrUndefined(payloadBytes(message));
}

/** Text or throw: for protocols that only speak text. */
export function requireText(message: DecoderMessage, what: string): string {
  const text = messageText(message);
  if (text === undefined) throw new Error(`binary frame is not ${what} (not UTF-8 text)`);
  return text;
}

/** Printable: valid text without control characters other than tab, CR, LF. */
export function isPrintable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/.test(text);
}
