/**
 * Protocol Buffers without a schema: each binary message parsed as a message of numbered fields
 * (see protobuf-wire.ts for the guesses). Detection is modest: much binary parses as protobuf.
 */
import { SCORE } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { decoded, guardedSession, preview } from './support/result';
import { parseProtobuf, protobufToJson } from './protobuf-wire';
import type { Decoder } from './types';

const ID = 'protobuf';

export const protobufDecoder: Decoder = {
  id: ID,
  label: 'Protobuf (schema-less)',
  detect(_connection, firstMessages) {
    const binary = firstMessages.filter((m) => m.opcode === 2).slice(0, 8);
    if (binary.length === 0) return 0;
    const parsed = binary.filter((m) => {
      try {
        // Plausible messages have small top-level field numbers.
        const fields = parseProtobuf(payloadBytes(m));
        return fields.length > 0 && fields.every((f) => f.field < 10_000);
      } catch {
        return false;
      }
    });
    return parsed.length === binary.length ? SCORE.GENERIC - 1 : 0;
  },
  stateless: true,
  createSession() {
    return guardedSession(ID, (message) => {
      const fields = parseProtobuf(payloadBytes(message));
      const tree = protobufToJson(fields);
      const numbers = [...new Set(fields.map((f) => f.field))];
      return decoded(ID, 'message', `${numbers.length} field${numbers.length === 1 ? '' : 's'} ${preview(tree, 120)}`, { fieldNumbers: numbers.join(' ') }, tree);
    });
  },
};
