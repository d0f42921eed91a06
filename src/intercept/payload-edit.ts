/**
 * Editing the payload of a message record: taking it out, comparing it, putting a new one in
 * with `size` kept honest. (Byte counts and bytes of a payload are in src/lib/bytes.ts.)
 */
import { payloadByteLength } from '../lib/bytes';
import type { MessageRecord } from '../protocol/records';
import type { Payload } from '../protocol/intercept';

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
