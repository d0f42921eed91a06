/**
 * Fallback for text: JSON pretty-printed as a tree, anything else as text. Guesses the common
 * envelope keys (`type`, `event`, `action`, `op`, `method`, `cmd`) so home-grown JSON protocols
 * still get a useful summary and filterable fields.
 */
import { toHex } from '../model/bytes';
import { messageBytes, utf8OrUndefined } from './support/input';
import { SCORE, firstTexts } from './support/detect';
import { binaryView, idOf, isRecord, parseJson, str } from './support/json-value';
import { decoded, guardedSession, preview } from './support/result';
import type { DecodedFields, Decoder } from './types';

const ID = 'json';
const VERB_KEYS = ['type', 'event', 'action', 'op', 'method', 'cmd', 'command', 'kind'];

function envelopeFields(value: unknown): { verb?: string; fields: DecodedFields } {
  if (!isRecord(value)) return { fields: {} };
  const verbKey = VERB_KEYS.find((key) => typeof value[key] === 'string');
  const verb = verbKey ? (value[verbKey] as string) : undefined;
  return {
    verb,
    fields: {
      op: verb,
      event: str(value.event),
      method: str(value.method),
      topic: str(value.topic),
      channel: str(value.channel),
      id: idOf(value.id),
    } as DecodedFields,
  };
}

export const jsonDecoder: Decoder = {
  id: ID,
  label: 'JSON / text',
  detect(_connection, firstMessages) {
    return firstTexts(firstMessages).some((text) => parseJson(text).ok) ? SCORE.FALLBACK + 0.5 : SCORE.FALLBACK;
  },
  createSession() {
    return guardedSession(ID, (message) => {
      const bytes = message.opcode === 2 ? messageBytes(message) : undefined;
      const text = message.opcode === 1 ? (message.text ?? '') : utf8OrUndefined(bytes!);
      if (text === undefined) {
        const head = toHex(bytes!.subarray(0, 16));
        return decoded(ID, 'binary', `${bytes!.length} B ${head}${bytes!.length > 16 ? ' …' : ''}`, {}, binaryView(bytes!));
      }
      const parsed = text.trim() ? parseJson(text) : undefined;
      if (parsed?.ok) {
        const { verb, fields } = envelopeFields(parsed.value);
        return decoded(ID, 'json', verb ? `${verb} ${preview(parsed.value)}` : preview(parsed.value, 160), fields, parsed.value);
      }
      return decoded(ID, 'text', text, {}, text);
    });
  },
};
