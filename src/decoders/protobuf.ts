/**
 * Protocol Buffers without a schema: each binary message parsed as a message of numbered fields
 * (see protobuf-wire.ts for the guesses). Detection is modest: much binary parses as protobuf.
 * Like MessagePack and CBOR, a clear majority of the sampled frames must parse (`binaryMajorityScore`).
 */
import { SCORE, binaryMajorityScore } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { decoded, guardedSession, preview } from './support/result';
import { parseProtobuf, protobufToJson } from './protobuf-wire';
import type { Decoder } from './types';

const ID = 'protobuf';

export const protobufDecoder: Decoder = {
  id: ID,
  label: 'Protobuf (schema-less)',
  detect(_connection, firstMessages) {
    return binaryMajorityScore(
      firstMessages,
      (bytes) => {
        // Plausible messages have small top-level field numbers.
        const fields = parseProtobuf(bytes);
        return fields.length > 0 && fields.every((f) => f.field < 10_000);
      },
      SCORE.GENERIC - 1,
    );
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
