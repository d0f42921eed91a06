/**
 * Rails Action Cable. The client sends `{command, identifier, data?}` where `identifier` and
 * `data` are JSON *strings* (so they are parsed a second time); the server sends typed control
 * messages (`welcome`, `ping`, `confirm_subscription`, `reject_subscription`, `disconnect`) and
 * untyped broadcasts `{identifier, message}`. A subscription is an exchange: subscribe, then its
 * confirmation and broadcasts as the stream, unsubscribe as the end.
 */
import { SCORE, jsonShapeScore, otherSubprotocol, subprotocolScore, urlMatches } from './support/detect';
import { requireText } from './support/input';
import { isRecord, parseJson, str } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { Correlation, DecodedMessage, Decoder } from './types';

const ID = 'action-cable';
const SUBPROTOCOLS = ['actioncable-v1-json', 'actioncable-v1-msgpack', 'actioncable-unsupported'];

/** The identifier string parsed, and its `channel` for display. */
function identifierOf(raw: unknown): { raw: string; value: unknown; channel?: string } | undefined {
  if (typeof raw !== 'string') return undefined;
  const parsed = parseJson(raw);
  const value = parsed.ok ? parsed.value : raw;
  return { raw, value, channel: isRecord(value) ? str(value.channel) : undefined };
}

function describe(value: Record<string, unknown>): DecodedMessage {
  const identifier = identifierOf(value.identifier);
  const channel = identifier?.channel ?? identifier?.raw ?? '';
  const key = identifier ? `sub:${identifier.raw}` : undefined;
  const fields: Record<string, string | number> = { channel };
  if (identifier) fields.identifier = identifier.raw;
  const params = isRecord(identifier?.value) ? identifier.value : undefined;

  if (typeof value.command === 'string') {
    const command = value.command;
    fields.op = command;
    let data: unknown;
    if (typeof value.data === 'string') {
      const parsed = parseJson(value.data);
      data = parsed.ok ? parsed.value : value.data;
    }
    const action = isRecord(data) ? str(data.action) : undefined;
    if (action) fields.event = action;
    const correlation: Correlation | undefined =
      key && command === 'subscribe' ? { key, role: 'request' } : key && command === 'unsubscribe' ? { key, role: 'complete' } : undefined;
    const summary = command === 'message' ? `message ${channel}${action ? ` ${action}` : ''} ${preview(data, 60)}` : `${command} ${channel}`;
    return decoded(ID, command, summary, fields, { identifier: params ?? identifier?.value ?? null, data: data ?? null }, correlation);
  }

  const type = str(value.type);
  if (type) {
    fields.op = type;
    let correlation: Correlation | undefined;
    if (key && type === 'confirm_subscription') correlation = { key, role: 'stream' };
    if (key && type === 'reject_subscription') correlation = { key, role: 'response' };
    const detail = type === 'disconnect' ? ` ${str(value.reason) ?? ''}${value.reconnect === false ? ' (no reconnect)' : ''}` : type === 'ping' ? '' : channel ? ` ${channel}` : '';
    // The server pings every few seconds (`message` is its clock); nothing answers.
    return asHeartbeat(decoded(ID, type, `${type}${detail}`, fields, value.message ?? value, correlation), type === 'ping');
  }

  if (identifier && 'message' in value) {
    fields.op = 'broadcast';
    const message = value.message;
    // Apps often send `{ action: ... }` or `{ type: ... }` in their broadcasts: use it as the event.
    const event = isRecord(message) ? (str(message.action) ?? str(message.type) ?? str(message.event)) : undefined;
    if (event) fields.event = event;
    return decoded(ID, 'broadcast', `${channel}${event ? ` ${event}` : ''} ${preview(message, 80)}`, fields, message, key ? { key, role: 'stream' } : undefined);
  }
  throw new Error('not an Action Cable message (no command, type or identifier)');
}

/**
 * Detection. Action Cable's mark is the `identifier`: a JSON *string* naming a `channel`, in
 * subscription commands, confirmations and broadcasts. Its welcome and ping have no identifier
 * and `{"type":"ping"}` is what many JSON feeds send, so they are weak evidence, and only in
 * their exact form (the ping's `message` is a Unix time).
 */
const hasChannelIdentifier = (value: Record<string, unknown>) => typeof identifierOf(value.identifier)?.channel === 'string';
const onlyKeys = (value: Record<string, unknown>, keys: readonly string[]) => Object.keys(value).every((key) => keys.includes(key));

function isSubscriptionMessage(value: unknown): boolean {
  if (!isRecord(value) || !hasChannelIdentifier(value)) return false;
  if (typeof value.command === 'string') return ['subscribe', 'unsubscribe', 'message'].includes(value.command);
  if (typeof value.type === 'string') return ['confirm_subscription', 'reject_subscription'].includes(value.type);
  return onlyKeys(value, ['identifier', 'message']) && 'message' in value;
}

function isWelcomeOrPing(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (value.type === 'welcome') return onlyKeys(value, ['type', 'sid', 'restored', 'restored_ids']);
  return value.type === 'ping' && typeof value.message === 'number' && onlyKeys(value, ['type', 'message']);
}

export const actionCableDecoder: Decoder = {
  id: ID,
  label: 'Action Cable',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, SUBPROTOCOLS)) return 0;
    let score = subprotocolScore(connection, SUBPROTOCOLS);
    if (urlMatches(connection, /\/cable(\/|\?|$)/)) score += SCORE.URL;
    score += jsonShapeScore(firstMessages, isSubscriptionMessage) || jsonShapeScore(firstMessages, isWelcomeOrPing, SCORE.HINT);
    return score;
  },
  stateless: true,
  createSession() {
    return guardedSession(ID, (message) => {
      const parsed = parseJson(requireText(message, 'Action Cable JSON'));
      if (!parsed.ok) throw new Error(`not JSON: ${parsed.error}`);
      if (!isRecord(parsed.value)) throw new Error('not an Action Cable message (not a JSON object)');
      return describe(parsed.value);
    });
  },
};
