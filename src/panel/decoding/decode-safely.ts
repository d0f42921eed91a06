/**
 * Decoding one message without ever throwing: decoders run on untrusted payloads, and one that
 * throws anyway must give the raw views plus its error, never break the panel. Payloads over
 * DECODE_MAX_BYTES are not decoded at all: parsing a 32 MiB JSON text blocks the panel for
 * seconds, and such a message would be decoded for every render of its row and every filter run.
 */
import type { DecodeResult, Decoder, DecoderSession } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';
import { formatBytes } from '../../lib/bytes';
import { t } from '../common/i18n';

/** Largest kept payload a decoder is given: the default truncation size, so what is kept by default is decoded. */
export const DECODE_MAX_BYTES = 4 * 1024 * 1024;

/** Bytes of the payload the panel holds (a prefix when the capture truncated it), without decoding it. */
export function keptPayloadBytes(message: Pick<MessageRecord, 'opcode' | 'text' | 'base64'>): number {
  if (message.opcode === 2) {
    const base64 = message.base64 ?? '';
    let padding = 0;
    while (padding < 2 && base64.charCodeAt(base64.length - 1 - padding) === 0x3d /* = */) padding++;
    return Math.floor((base64.length * 3) / 4) - padding;
  }
  // UTF-16 units: at most the UTF-8 byte count, so this never says "too large" wrongly.
  return (message.text ?? '').length;
}

export function decodeSafely(session: DecoderSession, decoder: Decoder, message: MessageRecord): DecodeResult {
  const bytes = keptPayloadBytes(message);
  if (bytes > DECODE_MAX_BYTES) return { ok: false, protocol: decoder.id, error: t('tooLargeToDecode', [formatBytes(bytes), formatBytes(DECODE_MAX_BYTES)]) };
  try {
    return session.decode(message);
  } catch (error) {
    return { ok: false, protocol: decoder.id, error: String(error) };
  }
}
