/**
 * Detection scores, so decoders written separately rank consistently. A decoder adds up the
 * evidence it finds; the registry picks the highest (ties: registry order).
 *
 *   SUBPROTOCOL 100  the negotiated Sec-WebSocket-Protocol names this protocol: authoritative
 *   REQUESTED    70  the page asked for it, but none was negotiated (yet)
 *   URL          50  the URL follows the protocol's convention (`/socket.io/`, `/cable`...)
 *   SHAPE        40  the first messages have the protocol's unmistakable shape
 *   HINT         15  weak evidence (a shape other protocols share)
 *   GENERIC       5  a generic format (MessagePack, CBOR, JSON) decodes the messages cleanly
 *   FALLBACK      1  the catch-all decoders (text/JSON, hex)
 */
import type { DecoderConnection, DecoderMessage } from '../types';
import { messageText } from './input';

export const SCORE = { SUBPROTOCOL: 100, REQUESTED: 70, URL: 50, SHAPE: 40, HINT: 15, GENERIC: 5, FALLBACK: 1 } as const;

/**
 * Payload characters of each message that detection reads (text characters, or base64
 * characters: 48 KiB of binary). Every decoder's `detect` reads the first messages whole, so
 * with four 4 MiB messages detection decoded 16 MiB of base64 17 times over; a protocol's
 * shape shows in its first bytes.
 */
export const DETECT_PAYLOAD_CHARS = 64 * 1024;

/** The message as detection sees it: its payload cut to DETECT_PAYLOAD_CHARS (and marked truncated). */
export function detectionSampleOf(message: DecoderMessage): DecoderMessage {
  if (message.opcode === 2) {
    const base64 = message.base64 ?? '';
    return base64.length <= DETECT_PAYLOAD_CHARS ? message : { ...message, base64: base64.slice(0, DETECT_PAYLOAD_CHARS - (DETECT_PAYLOAD_CHARS % 4)), truncated: true };
  }
  const text = message.text ?? '';
  return text.length <= DETECT_PAYLOAD_CHARS ? message : { ...message, text: text.slice(0, DETECT_PAYLOAD_CHARS), truncated: true };
}

/** SUBPROTOCOL when the negotiated sub-protocol is one of `names`, REQUESTED when only asked for. */
export function subprotocolScore(connection: DecoderConnection, names: readonly string[]): number {
  const negotiated = (connection.protocol ?? '').toLowerCase();
  if (negotiated) return names.includes(negotiated) ? SCORE.SUBPROTOCOL : 0;
  const requested = (connection.protocolsRequested ?? []).map((p) => p.toLowerCase());
  return requested.some((p) => names.includes(p)) ? SCORE.REQUESTED : 0;
}

/**
 * True when a sub-protocol was negotiated and it is not one of `names`: the server then speaks
 * something else, whatever the URL or the messages look like.
 */
export function otherSubprotocol(connection: DecoderConnection, names: readonly string[]): boolean {
  const negotiated = (connection.protocol ?? '').toLowerCase();
  return negotiated !== '' && !names.includes(negotiated);
}

export function urlMatches(connection: DecoderConnection, pattern: RegExp): boolean {
  return pattern.test(connection.url ?? '');
}

/** The texts of the first messages (binary ones only when valid UTF-8), never throwing. */
export function firstTexts(messages: readonly DecoderMessage[], limit = 8): string[] {
  const texts: string[] = [];
  for (const message of messages.slice(0, limit)) {
    try {
      const text = messageText(message);
      if (text !== undefined) texts.push(text);
    } catch {
      /* unreadable base64: no evidence */
    }
  }
  return texts;
}

/** SHAPE when any of the first messages passes `test`, never throwing. */
export function shapeScore(messages: readonly DecoderMessage[], test: (message: DecoderMessage) => boolean, limit = 8, score: number = SCORE.SHAPE): number {
  for (const message of messages.slice(0, limit)) {
    try {
      if (test(message)) return score;
    } catch {
      /* not this shape */
    }
  }
  return 0;
}
