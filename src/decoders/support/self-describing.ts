/**
 * One decoder definition for the self-describing binary formats (MessagePack, CBOR): binary
 * frames through the format, text frames as JSON/text (such connections often mix both), and
 * detection by how many of the first binary messages decode cleanly to a map or an array
 * (a lone scalar is no evidence: almost any single byte is a valid MessagePack integer).
 */
import { SCORE } from './detect';
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
      const binary = firstMessages.filter((m) => m.opcode === 2).slice(0, 8);
      if (binary.length === 0) return 0;
      const containers = binary.filter((m) => {
        try {
          const result = tryDecode(decode, payloadBytes(m));
          return result.ok && typeof result.value === 'object' && result.value !== null;
        } catch {
          return false;
        }
      });
      return containers.length === binary.length ? SCORE.GENERIC : 0;
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
