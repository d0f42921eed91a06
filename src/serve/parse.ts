/**
 * A message taken apart once for matching and id carrying: JSON, a Socket.IO packet (head, ack
 * id, JSON body), SignalR records, MQTT packets, or opaque text. Messages over
 * PARSE_LIMIT characters (or bytes) stay opaque: they are compared whole and carry no ids, so a
 * 64 MiB message costs one string comparison, never a JSON.parse per live message.
 */
import type { ServeDialect } from './dialect';
import { splitMqttPackets, type MqttPacketView } from './mqtt-packets';
import type { ServePayload } from './payload';

export const PARSE_LIMIT = 1 << 20;

export type ParsedText =
  | { kind: 'text'; text: string }
  | { kind: 'json'; text: string; value: unknown }
  /** `head` is everything before the ack id (engine.io and socket.io types, attachments, namespace). */
  | { kind: 'socketio'; text: string; head: string; ack: string; body: ParsedText | undefined }
  | { kind: 'records'; text: string; records: ParsedText[] };

export type ParsedMessage = ParsedText | { kind: 'binary'; bytes: Uint8Array; mqtt: MqttPacketView[] | null };

export const RECORD_SEPARATOR = '\x1e';

function parseJsonText(text: string): ParsedText {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { kind: 'text', text };
  try {
    return { kind: 'json', text, value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text };
  }
}

// engine.io type 4 (message) + socket.io type, `<n>-` attachments, `/nsp,`, ack id, then JSON.
const SOCKET_IO = /^(4[0-6](?:\d+-)?(?:\/[^,[{]*,)?)(\d*)([[{].*)?$/s;

export function parseText(text: string, dialect: ServeDialect): ParsedText {
  if (text.length > PARSE_LIMIT) return { kind: 'text', text };
  if (dialect === 'engine.io') {
    const m = SOCKET_IO.exec(text);
    if (m) return { kind: 'socketio', text, head: m[1], ack: m[2], body: m[3] === undefined ? undefined : parseJsonText(m[3]) };
    return { kind: 'text', text };
  }
  if (text.endsWith(RECORD_SEPARATOR)) {
    const parts = text.split(RECORD_SEPARATOR);
    parts.pop();
    return { kind: 'records', text, records: parts.map(parseJsonText) };
  }
  return parseJsonText(text);
}

export function parseMessage(data: ServePayload, dialect: ServeDialect): ParsedMessage {
  if (typeof data === 'string') return parseText(data, dialect);
  const bytes = new Uint8Array(data);
  return { kind: 'binary', bytes, mqtt: dialect === 'mqtt' && bytes.length <= PARSE_LIMIT ? splitMqttPackets(bytes) : null };
}
