/**
 * Decoding one message without ever throwing: decoders run on untrusted payloads, and one that
 * throws anyway must give the raw views plus its error, never break the panel.
 */
import type { DecodeResult, Decoder, DecoderSession } from '../../decoders';
import type { MessageRecord } from '../../protocol/records';

export function decodeSafely(session: DecoderSession, decoder: Decoder, message: MessageRecord): DecodeResult {
  try {
    return session.decode(message);
  } catch (error) {
    return { ok: false, protocol: decoder.id, error: String(error) };
  }
}
