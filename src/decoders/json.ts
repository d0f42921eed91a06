/**
 * Fallback for text: JSON as a tree, anything else as text. The common envelope keys (`type`,
 * `event`, `action`...) give home-grown JSON protocols a summary and filterable fields.
 */
import { payloadBytes, toHex } from '../lib/bytes';
import { utf8OrUndefined } from './support/input';
import { SCORE, firstTexts } from './support/detect';
import { envelopeOf } from './support/envelope';
import { binaryView, parseJson } from './support/json-value';
import { decoded, guardedSession } from './support/result';
import type { Decoder } from './types';

const ID = 'json';
export const jsonDecoder: Decoder = {
  id: ID,
  label: 'JSON / text',
  detect(_connection, firstMessages) {
    if (firstTexts(firstMessages).some((text) => parseJson(text).ok)) return SCORE.FALLBACK + 0.5;
    // Only binary so far: the hex fallback shows that better.
    return firstMessages.length > 0 && firstMessages.every((m) => m.opcode === 2) ? SCORE.FALLBACK / 2 : SCORE.FALLBACK;
  },
  stateless: true,
  createSession() {
    return guardedSession(ID, (message) => {
      const bytes = message.opcode === 2 ? payloadBytes(message) : undefined;
      const text = message.opcode === 1 ? (message.text ?? '') : utf8OrUndefined(bytes!);
      if (text === undefined) {
        const head = toHex(bytes!.subarray(0, 16));
        return decoded(ID, 'binary', `${bytes!.length} B ${head}${bytes!.length > 16 ? ' …' : ''}`, {}, binaryView(bytes!));
      }
      const parsed = text.trim() ? parseJson(text) : undefined;
      if (parsed?.ok) {
        const { summary, fields } = envelopeOf(parsed.value);
        return decoded(ID, 'json', summary, fields, parsed.value);
      }
      return decoded(ID, 'text', text, {}, text);
    });
  },
};
