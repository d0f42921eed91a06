/**
 * SockJS over WebSocket. The server frames are `o` (open), `h` (heartbeat), `a[...]` (an array
 * of messages), `m"..."` (one message, old servers) and `c[code,"reason"]` (close); the client
 * sends a JSON array of message strings. The messages inside are often STOMP (Spring) and
 * otherwise JSON or text: each is decoded and the first one gives the summary and fields.
 */
import { SCORE, shapeScore, urlMatches } from './support/detect';
import { requireText } from './support/input';
import { jsonOrText, parseJson } from './support/json-value';
import { allHeartbeats, asHeartbeat, decoded, guardedSession, preview } from './support/result';
import { looksLikeStomp } from './stomp-frame';
import { describeStomp } from './stomp';
import type { DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'sockjs';
const encoder = new TextEncoder();

function parseStrings(json: string, what: string): string[] {
  const parsed = parseJson(json);
  if (!parsed.ok) throw new Error(`SockJS ${what} is not JSON: ${parsed.error}`);
  const value = parsed.value;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new Error(`SockJS ${what} is not an array of strings`);
  return value as string[];
}

function describeInner(inner: string, stomp: { version: string }): DecodedMessage {
  if (looksLikeStomp(inner)) {
    try {
      return describeStomp(ID, encoder.encode(inner), stomp);
    } catch {
      /* STOMP-looking text that is not a frame: show it as text */
    }
  }
  const value = jsonOrText(inner);
  return decoded(ID, 'message', preview(value, 120), { op: 'message' }, value);
}

function describeMessages(frameType: string, messages: string[], stomp: { version: string }): DecodedMessage {
  if (messages.length === 0) return decoded(ID, frameType, `${frameType} (no messages)`, { op: frameType }, []);
  const inner = messages.map((m) => describeInner(m, stomp));
  const [first] = inner;
  const more = inner.length > 1 ? ` (+${inner.length - 1} more)` : '';
  const payload = inner.length === 1 ? first.payload : inner.map((d) => ({ summary: d.summary, payload: d.payload ?? null }));
  return asHeartbeat(decoded(ID, first.type, `${first.summary}${more}`, { ...first.fields, frame: frameType }, payload, first.correlation), allHeartbeats(inner));
}

function decodeFrame(message: DecoderMessage, stomp: { version: string }): DecodedMessage {
  const text = requireText(message, 'SockJS');
  if (message.dir === 'send') return describeMessages('send', parseStrings(text, 'client message'), stomp);
  const kind = text[0];
  const rest = text.slice(1);
  switch (kind) {
    case 'o':
      return decoded(ID, 'open', 'o open', { op: 'open', frame: 'o' });
    case 'h':
      return asHeartbeat(decoded(ID, 'heartbeat', 'h heartbeat', { op: 'heartbeat', frame: 'h' }));
    case 'a':
      return describeMessages('a', parseStrings(rest, 'array frame'), stomp);
    case 'm': {
      const parsed = parseJson(rest);
      if (!parsed.ok || typeof parsed.value !== 'string') throw new Error('SockJS message frame is not a JSON string');
      return describeMessages('m', [parsed.value], stomp);
    }
    case 'c': {
      const parsed = parseJson(rest);
      const [code, reason] = parsed.ok && Array.isArray(parsed.value) ? parsed.value : [];
      if (typeof code !== 'number') throw new Error('SockJS close frame is not [code, "reason"]');
      return decoded(ID, 'close', `c close ${code} ${typeof reason === 'string' ? reason : ''}`, { op: 'close', frame: 'c', code }, parsed.ok ? parsed.value : undefined);
    }
  }
  throw new Error(`unknown SockJS frame type ${JSON.stringify(kind ?? '')}`);
}

export const sockJsDecoder: Decoder = {
  id: ID,
  label: 'SockJS',
  detect(connection, firstMessages) {
    let score = 0;
    // sockjs-client: <base>/<3-digit server id>/<session id>/websocket; or a /sockjs/ base path.
    if (urlMatches(connection, /\/\d{1,3}\/[^/?#]+\/websocket(\?|#|$)/) || urlMatches(connection, /\/sockjs(-node)?\//i)) score += SCORE.URL;
    // Its open frame, or an array frame: `a` then a JSON array of message strings (no JSON starts with `a`).
    score += shapeScore(firstMessages, (m) => m.dir === 'receive' && m.opcode === 1 && (m.text === 'o' || (/^a\["/.test(m.text ?? '') && parseStrings(m.text!.slice(1), 'array frame').length > 0)));
    return score;
  },
  createSession() {
    const stomp = { version: '1.2' };
    return guardedSession(ID, (message) => decodeFrame(message, stomp));
  },
};
