/**
 * One decoder definition for the self-describing binary formats (MessagePack, CBOR): binary
 * frames through the format, text frames as JSON/text (such connections often mix both), and
 * detection by how many of the first binary messages decode cleanly to a map or an array
 * (a lone scalar is no evidence: almost any single byte is a valid MessagePack integer): a clear
 * majority is enough (see `binaryMajorityScore`), the others then show why they could not decode.
 */
import { SCORE, binaryMajorityScore } from './detect';
import { envelopeOf } from './envelope';
import { payloadBytes } from '../../lib/bytes';
import { jsonOrText } from './json-value';
import { decoded, guardedSession } from './result';
import { tryDecode } from './binary-formats';
import type { Decoder } from '../types';

export function selfDescribingDecoder(id: string, label: string, decode: (bytes: Uint8Array) => unknown): Decoder {
  return {
    id,
    label,
    detect(_connection, firstMessages) {
      return binaryMajorityScore(
        firstMessages,
        (bytes) => {
          const result = tryDecode(decode, bytes);
          return result.ok && typeof result.value === 'object' && result.value !== null;
        },
        SCORE.GENERIC,
      );
    },
    stateless: true,
    createSession() {
      return guardedSession(id, (message) => {
        if (message.opcode === 1) {
          const value = jsonOrText(message.text ?? '');
          const { summary, fields } = envelopeOf(value);
          return decoded(id, typeof value === 'string' ? 'text' : 'json', summary, fields, value);
        }
        const value = decode(payloadBytes(message));
        const { summary, fields } = envelopeOf(value);
        const type = Array.isArray(value) ? 'array' : value === null ? 'nil' : typeof value === 'object' ? 'map' : typeof value;
        return decoded(id, type, summary, fields, value);
      });
    },
  };
}
