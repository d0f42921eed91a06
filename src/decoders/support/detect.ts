/**
 * Detection scores, so decoders written separately rank consistently. A decoder adds up the
 * evidence it finds; the registry picks the highest (ties: registry order).
 *
 *   SUBPROTOCOL 100  the negotiated Sec-WebSocket-Protocol names this protocol: authoritative
 *   REQUESTED    70  the page asked for it, but none was negotiated (yet)
 *   URL          50  the URL follows the protocol's convention (`/socket.io/`, `/cable`...)
 *   SHAPE        40  the first messages have the protocol's unmistakable shape
 *   HINT         15  weak evidence (a shape other protocols share)
 *   GENERIC       5  a generic format (MessagePack, CBOR, JSON) decodes most sampled messages
 *   FALLBACK      1  the catch-all decoders (text/JSON, hex)
 *
 * Message evidence must be specific to the protocol: a negotiated sub-protocol, a handshake
 * message, or the fields the protocol requires together (GraphQL's subscribe needs an `id` and a
 * `payload.query`). A generic field name alone (`type`, `event`, `id`, `method`) is what every
 * home-grown JSON feed uses, and such feeds must stay JSON.
 */
import type { DecoderConnection, DecoderMessage } from '../types';
import { payloadBytes } from '../../lib/bytes';
import { messageText } from './input';
import { parseJson } from './json-value';

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

/** The first messages that parse as JSON, with their direction; others are skipped, never throwing. */
export function firstJson(messages: readonly DecoderMessage[], limit = 8): { value: unknown; dir: DecoderMessage['dir'] }[] {
  const out: { value: unknown; dir: DecoderMessage['dir'] }[] = [];
  for (const message of messages.slice(0, limit)) {
    try {
      const text = messageText(message);
      const start = text?.trimStart()[0];
      // Only objects and arrays: a bare number or string is no protocol's message.
      if (text === undefined || (start !== '{' && start !== '[')) continue;
      const parsed = parseJson(text);
      if (parsed.ok) out.push({ value: parsed.value, dir: message.dir });
    } catch {
      /* unreadable base64: no evidence */
    }
  }
  return out;
}

/** `score` when any of the first JSON messages passes `test` (which may throw: not this shape). */
export function jsonShapeScore(messages: readonly DecoderMessage[], test: (value: unknown, dir: DecoderMessage['dir']) => boolean, score: number = SCORE.SHAPE): number {
  for (const { value, dir } of firstJson(messages)) {
    try {
      if (test(value, dir)) return score;
    } catch {
      /* not this shape */
    }
  }
  return 0;
}

/**
 * Share of the sampled binary messages a generic binary format must decode to be chosen: two in
 * three. Requiring all of them let one truncated or corrupt frame among the first turn decoding
 * off for the whole connection; that frame is better shown as "could not decode" beside the
 * others decoded. Requiring only some would let a format that happens to parse the odd frame of
 * something else (schema-less Protobuf parses much binary) take over: generic formats have no
 * other evidence than decoding, so it must be a clear majority.
 */
export const GENERIC_MAJORITY = 2 / 3;

/**
 * `score` when at least GENERIC_MAJORITY of the first binary messages (up to `limit`) pass
 * `decodes`, less the share that failed (under 1, so the tier holds): between two formats the
 * one that reads more of the sample wins. 0 without binary messages.
 */
export function binaryMajorityScore(messages: readonly DecoderMessage[], decodes: (bytes: Uint8Array) => boolean, score: number, limit = 8): number {
  const binary = messages.filter((m) => m.opcode === 2).slice(0, limit);
  if (binary.length === 0) return 0;
  let ok = 0;
  for (const message of binary) {
    try {
      if (decodes(payloadBytes(message))) ok++;
    } catch {
      /* does not decode */
    }
  }
  const share = ok / binary.length;
  // The epsilon keeps 2 of 3, 4 of 6 from missing the bar by a rounding error.
  return share + 1e-9 >= GENERIC_MAJORITY ? score - (1 - share) : 0;
}
