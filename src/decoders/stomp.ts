/**
 * STOMP 1.0-1.2 (over WebSocket directly, or inside SockJS: see sockjs.ts). The session tracks
 * the negotiated version, because STOMP 1.0 does not escape header values.
 */
import { SCORE, firstTexts, otherSubprotocol, subprotocolScore, urlMatches } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { utf8OrUndefined } from './support/input';
import { binaryView, jsonOrText, parseJson } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import { looksLikeStomp, parseStompFrames, type StompFrame } from './stomp-frame';
import type { Correlation, DecodedMessage, Decoder } from './types';

const ID = 'stomp';
export const STOMP_SUBPROTOCOLS = ['v10.stomp', 'v11.stomp', 'v12.stomp', 'stomp'];

function bodyValue(frame: StompFrame): unknown {
  if (frame.body.length === 0) return undefined;
  const text = utf8OrUndefined(frame.body);
  if (text === undefined) return binaryView(frame.body);
  if (/json/i.test(frame.headers['content-type'] ?? '')) {
    const parsed = parseJson(text);
    if (parsed.ok) return parsed.value;
  }
  return jsonOrText(text);
}

function correlationOf(frame: StompFrame): Correlation | undefined {
  const h = frame.headers;
  // An explicit receipt request is the exchange the client asked to see acknowledged.
  if (h.receipt !== undefined) return { key: `receipt:${h.receipt}`, role: 'request' };
  switch (frame.command) {
    case 'RECEIPT':
      return { key: `receipt:${h['receipt-id']}`, role: 'response' };
    case 'ERROR':
      return h['receipt-id'] !== undefined ? { key: `receipt:${h['receipt-id']}`, role: 'response' } : undefined;
    case 'CONNECT':
    case 'STOMP':
      return { key: 'connect', role: 'request' };
    case 'CONNECTED':
      return { key: 'connect', role: 'response' };
    case 'SUBSCRIBE':
      return h.id !== undefined ? { key: `sub:${h.id}`, role: 'request' } : undefined;
    case 'MESSAGE':
      return h.subscription !== undefined ? { key: `sub:${h.subscription}`, role: 'stream' } : undefined;
    case 'UNSUBSCRIBE':
      return h.id !== undefined ? { key: `sub:${h.id}`, role: 'complete' } : undefined;
  }
  return undefined;
}

function summaryOf(frame: StompFrame, body: unknown): string {
  const h = frame.headers;
  const bodyTail = body === undefined ? '' : ` ${preview(body, 60)}`;
  switch (frame.command) {
    case 'SEND':
    case 'MESSAGE':
      return `${frame.command} ${h.destination ?? '?'}${bodyTail}`;
    case 'SUBSCRIBE':
      return `SUBSCRIBE ${h.destination ?? '?'} (id ${h.id ?? '?'})`;
    case 'UNSUBSCRIBE':
      return `UNSUBSCRIBE (id ${h.id ?? '?'})`;
    case 'CONNECT':
    case 'STOMP':
      return `${frame.command} ${h.host ?? ''} accept-version ${h['accept-version'] ?? '1.0'}`;
    case 'CONNECTED':
      return `CONNECTED ${h.version ?? '1.0'}${h.server ? ` ${h.server}` : ''}`;
    case 'RECEIPT':
      return `RECEIPT ${h['receipt-id'] ?? ''}`;
    case 'ERROR':
      return `ERROR ${h.message ?? ''}${bodyTail}`;
    case 'ACK':
    case 'NACK':
      return `${frame.command} ${h.id ?? h['message-id'] ?? ''}`;
    case 'BEGIN':
    case 'COMMIT':
    case 'ABORT':
      return `${frame.command} ${h.transaction ?? ''}`;
  }
  return frame.command;
}

function idOf(frame: StompFrame): string | undefined {
  const h = frame.headers;
  if (frame.command === 'MESSAGE') return h['message-id'];
  if (frame.command === 'RECEIPT') return h['receipt-id'];
  return h.id;
}

/**
 * Describes one STOMP message (which may hold several frames, or only heart-beats). Shared with
 * the SockJS decoder, which finds STOMP inside its frames. `state.version` follows CONNECTED.
 */
export function describeStomp(protocol: string, bytes: Uint8Array, state: { version: string }): DecodedMessage {
  const frames = parseStompFrames(bytes, state.version !== '1.0');
  // Only EOLs: the heart-beats STOMP 1.1+ sends both ways when `heart-beat` was agreed.
  if (frames.length === 0) return asHeartbeat(decoded(protocol, 'heartbeat', 'heartbeat', { op: 'heartbeat' }));
  for (const frame of frames) if (frame.command === 'CONNECTED') state.version = frame.headers.version ?? '1.0';
  const [first] = frames;
  const body = bodyValue(first);
  const h = first.headers;
  const fields = {
    op: first.command.toLowerCase(),
    destination: h.destination,
    id: idOf(first),
    subscription: h.subscription,
    receipt: h.receipt ?? h['receipt-id'],
    'content-type': h['content-type'],
    transaction: h.transaction,
  } as Record<string, string>;
  const more = frames.length > 1 ? ` (+${frames.length - 1} frame${frames.length > 2 ? 's' : ''})` : '';
  const payload =
    frames.length === 1
      ? { headers: h, body: body ?? null }
      : frames.map((f) => ({ command: f.command, headers: f.headers, body: bodyValue(f) ?? null }));
  return decoded(protocol, first.command, `${summaryOf(first, body)}${more}`, fields, payload, correlationOf(first));
}

export const stompDecoder: Decoder = {
  id: ID,
  label: 'STOMP',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, STOMP_SUBPROTOCOLS)) return 0;
    let score = subprotocolScore(connection, STOMP_SUBPROTOCOLS);
    if (urlMatches(connection, /\/stomp(\/|\?|$)/i)) score += SCORE.URL;
    if (firstTexts(firstMessages).some((t) => /^(CONNECT|STOMP|CONNECTED)\r?\n/.test(t) && looksLikeStomp(t))) score += SCORE.SHAPE;
    return score;
  },
  createSession() {
    const state = { version: '1.2' };
    return guardedSession(ID, (message) => describeStomp(ID, payloadBytes(message), state));
  },
};
