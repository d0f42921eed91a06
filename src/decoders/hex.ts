/** Fallback for binary nothing else understands: length and hex, text when it is readable. */
import { payloadBytes, toHex } from '../lib/bytes';
import { isPrintable, utf8OrUndefined } from './support/input';
import { SCORE } from './support/detect';
import { binaryView } from './support/json-value';
import { decoded, guardedSession } from './support/result';
import type { Decoder } from './types';

const ID = 'hex';

export const hexDecoder: Decoder = {
  id: ID,
  label: 'Binary (hex)',
  detect(_connection, firstMessages) {
    return firstMessages.some((m) => m.opcode === 2) ? SCORE.FALLBACK : 0;
  },
  stateless: true,
  createSession() {
    return guardedSession(ID, (message) => {
      const bytes = payloadBytes(message);
      const text = utf8OrUndefined(bytes);
      const head = toHex(bytes.subarray(0, 16));
      const summary = `${bytes.length} B ${head}${bytes.length > 16 ? ' …' : ''}`;
      const payload = text !== undefined && text.length > 0 && isPrintable(text) ? { ...binaryView(bytes), text } : binaryView(bytes);
      return decoded(ID, message.opcode === 2 ? 'binary' : 'text', summary, {}, payload);
    });
  },
};
