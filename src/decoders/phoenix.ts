/**
 * Phoenix Channels: serializer v2 `[join_ref, ref, topic, event, payload]` arrays, v1
 * `{topic, event, payload, ref}` objects, and v2 binary frames. Replies (`phx_reply`) carry the
 * ref of the push they answer.
 */
import { decodePhoenixBinary, type PhoenixMessage } from './phoenix-binary';
import { SCORE, jsonShapeScore, otherSubprotocol, urlMatches } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { idOf, isRecord, parseJson, toJsonValue } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'phoenix';
const CONTROL_EVENTS = new Set(['phx_join', 'phx_leave', 'phx_reply', 'phx_close', 'phx_error', 'heartbeat']);

function fromText(text: string): PhoenixMessage {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(`not JSON: ${parsed.error}`);
  const value = parsed.value;
  if (Array.isArray(value)) {
    if (value.length !== 5) throw new Error(`Phoenix v2 message must be a 5-element array, got ${value.length}`);
    const [joinRef, ref, topic, event, payload] = value;
    if (typeof topic !== 'string' || typeof event !== 'string') throw new Error('Phoenix message without a topic and event');
    return { join_ref: idOf(joinRef) ?? null, ref: idOf(ref) ?? null, topic, event, payload };
  }
  if (isRecord(value) && typeof value.topic === 'string' && typeof value.event === 'string') {
    return { join_ref: idOf(value.join_ref) ?? null, ref: idOf(value.ref) ?? null, topic: value.topic, event: value.event, payload: value.payload };
  }
  throw new Error('not a Phoenix message (neither a v2 array nor a v1 object with topic and event)');
}

function describe(message: PhoenixMessage, dir: DecoderMessage['dir']): DecodedMessage {
  const { topic, event, ref } = message;
  const payload = toJsonValue(message.payload);
  const fields: Record<string, string | number> = { op: event, event, topic, channel: topic };
  if (ref !== null) fields.id = ref;
  if (message.join_ref !== null) fields.joinRef = message.join_ref;
  const refTail = ref !== null ? ` (ref ${ref})` : '';
  let summary: string;
  let correlation: Correlation | undefined;
  if (event === 'phx_reply') {
    const status = isRecord(payload) && typeof payload.status === 'string' ? payload.status : '?';
    fields.status = status;
    const response = isRecord(payload) ? payload.response : undefined;
    const hasResponse = response !== undefined && !(isRecord(response) && Object.keys(response).length === 0);
    summary = `phx_reply ${topic} ${status}${refTail}${hasResponse ? ` ${preview(response, 60)}` : ''}`;
    if (ref !== null) correlation = { key: `ref:${ref}`, role: 'response' };
  } else {
    const showPayload = payload !== undefined && !(isRecord(payload) && Object.keys(payload).length === 0);
    summary = event === 'heartbeat' ? `heartbeat${refTail}` : `${event} ${topic}${refTail}${showPayload ? ` ${preview(payload, 60)}` : ''}`;
    if (ref !== null && dir === 'send') correlation = { key: `ref:${ref}`, role: 'request' };
  }
  // The socket's heartbeat goes to the reserved `phoenix` topic, and so does the server's reply to it.
  const heartbeat = topic === 'phoenix' && (event === 'heartbeat' || event === 'phx_reply');
  return asHeartbeat(decoded(ID, CONTROL_EVENTS.has(event) ? event : 'event', summary, fields, payload, correlation), heartbeat);
}

/**
 * Detection: Phoenix's own control events (`phx_join`, `phx_reply`...: the `phx_` prefix is
 * Phoenix's) or its heartbeat, which always goes to the `phoenix` topic, in a v2 array
 * `[join_ref, ref, topic, event, payload]` or a v1 object with `topic`, `event` and `payload`.
 * `{"event":"heartbeat"}` alone is what many plain JSON feeds send.
 */
const isRef = (value: unknown) => value === null || typeof value === 'string' || typeof value === 'number';
const isPhoenixEvent = (topic: unknown, event: unknown) =>
  typeof topic === 'string' && typeof event === 'string' && (event.startsWith('phx_') || (event === 'heartbeat' && topic === 'phoenix'));

function isPhoenixMessage(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 5 && isRef(value[0]) && isRef(value[1]) && isPhoenixEvent(value[2], value[3]);
  return isRecord(value) && 'payload' in value && isPhoenixEvent(value.topic, value.event);
}

export const phoenixDecoder: Decoder = {
  id: ID,
  label: 'Phoenix Channels',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, [])) return 0;
    let score = 0;
    if (urlMatches(connection, /\/websocket\?(.*&)?vsn=\d/) || urlMatches(connection, /\/(socket|live)\/websocket(\?|$)/)) score += SCORE.URL;
    score += jsonShapeScore(firstMessages, isPhoenixMessage);
    return score;
  },
  stateless: true,
  createSession() {
    return guardedSession(ID, (message) => {
      const phoenix = message.opcode === 1 ? fromText(message.text ?? '') : decodePhoenixBinary(payloadBytes(message), message.dir);
      return describe(phoenix, message.dir);
    });
  },
};
