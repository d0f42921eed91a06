/**
 * Home-grown JSON (or MessagePack/CBOR) protocols mostly wrap messages in an object with a verb
 * key: `{ "type": "chat", ... }`. Finding it gives the generic decoders a summary and filter fields.
 */
import { idOf, isRecord, str } from './json-value';
import { preview } from './result';
import type { DecodedFields } from '../types';

const VERB_KEYS = ['type', 'event', 'action', 'op', 'method', 'cmd', 'command', 'kind'];

export function envelopeOf(value: unknown): { summary: string; fields: DecodedFields } {
  if (!isRecord(value)) return { summary: preview(value, 160), fields: {} };
  const verbKey = VERB_KEYS.find((key) => typeof value[key] === 'string');
  const verb = verbKey ? (value[verbKey] as string) : undefined;
  const fields = {
    op: verb,
    event: str(value.event),
    method: str(value.method),
    topic: str(value.topic),
    channel: str(value.channel),
    id: idOf(value.id),
  } as DecodedFields;
  return { summary: verb ? `${verb} ${preview(value, 120)}` : preview(value, 160), fields };
}
