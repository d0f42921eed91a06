/** Moving payloads in and out of message records, keeping `size` honest. */
import { utf8Length } from '../lib/bytes';
import type { Direction, MessageRecord } from '../protocol/records';
import type { Payload } from '../protocol/intercept';
import type { RuleDirection } from '../protocol/rules';

/** Bytes a base64 string stands for, without decoding it (whitespace is not expected here). */
export function base64ByteLength(base64: string): number {
  let length = base64.length;
  while (length > 0 && base64.charCodeAt(length - 1) === 0x3d /* = */) length--;
  return Math.floor((length * 3) / 4);
}

/** Size on the wire: UTF-8 bytes of text, decoded bytes of binary. */
export function payloadByteLength(payload: Payload): number {
  return payload.opcode === 1 ? utf8Length(payload.text ?? '') : base64ByteLength(payload.base64 ?? '');
}

export function payloadOf(message: Pick<MessageRecord, 'opcode' | 'text' | 'base64'>): Payload {
  return message.opcode === 1 ? { opcode: 1, text: message.text ?? '' } : { opcode: 2, base64: message.base64 ?? '' };
}

export function samePayload(a: Payload, b: Payload): boolean {
  return a.opcode === b.opcode && (a.opcode === 1 ? (a.text ?? '') === (b.text ?? '') : (a.base64 ?? '') === (b.base64 ?? ''));
}

/**
 * A copy of `message` carrying `payload`. `size` is recomputed and `truncated` removed: the new
 * payload is whole by construction. Other fields (including a caller's extra ones) are kept.
 */
export function withPayload<M extends MessageRecord>(message: M, payload: Payload): M {
  const next = { ...message, opcode: payload.opcode, size: payloadByteLength(payload) };
  delete next.text;
  delete next.base64;
  delete next.truncated;
  if (payload.opcode === 1) next.text = payload.text ?? '';
  else next.base64 = payload.base64 ?? '';
  return next;
}

export function directionMatches(wanted: RuleDirection, dir: Direction): boolean {
  return wanted === 'both' || wanted === dir;
}
