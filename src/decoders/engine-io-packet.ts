/**
 * The Engine.IO layer under Socket.IO. Text frames are `<type digit><data>` in both protocol
 * versions and are decoded by the official `engine.io-parser`. Binary frames differ: EIO v4
 * (Socket.IO v3/v4) sends raw bytes, always a `message`; EIO v3 (Socket.IO v2) prefixes the
 * bytes with the packet type as a byte. The parser only knows v4 framing, so binary is done here.
 */
import { decodePacket } from 'engine.io-parser';
import { payloadBytes } from '../lib/bytes';
import { SCORE, shapeScore, urlMatches } from './support/detect';
import { isRecord, parseJson } from './support/json-value';
import { preview } from './support/result';
import type { Correlation, DecoderConnection, DecoderMessage } from './types';

/**
 * Evidence of an Engine.IO transport, whatever runs on it (Engine.IO alone, Socket.IO): `EIO=`
 * in the URL and the server's open packet (`0{"sid":...`) among the first messages. Weak alone
 * (HINT each): the caller adds its own URL or message shape.
 */
export function engineIoTransportScore(connection: DecoderConnection, firstMessages: readonly DecoderMessage[]): number {
  let score = 0;
  if (urlMatches(connection, /[?&]EIO=\d/)) score += SCORE.HINT;
  score += shapeScore(firstMessages, (m) => m.dir === 'receive' && m.opcode === 1 && /^0\{"sid":/.test(m.text ?? ''), 4, SCORE.HINT);
  return score;
}

export type EioVersion = 3 | 4;
export const EIO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EioType = (typeof EIO_TYPES)[number];

export interface EioPacket {
  type: EioType;
  /** The type digit, as on the wire. */
  code: number;
  data?: string | Uint8Array;
}

/** `EIO=3` / `EIO=4` in the URL's query, when the page said so. */
export function eioVersionFromUrl(url: string): EioVersion | undefined {
  const match = /[?&]EIO=(\d)/.exec(url);
  if (!match) return undefined;
  return match[1] === '3' || match[1] === '2' ? 3 : 4;
}

export function decodeEioFrame(message: DecoderMessage, version: EioVersion): EioPacket {
  if (message.opcode === 1) {
    const text = message.text ?? '';
    if (text === '') throw new Error('empty Engine.IO packet');
    const packet = decodePacket(text, 'arraybuffer');
    if ((packet.type as string) === 'error') throw new Error(`unknown Engine.IO packet type ${JSON.stringify(text[0])}`);
    const type = packet.type as EioType;
    const data = packet.data instanceof ArrayBuffer ? new Uint8Array(packet.data) : (packet.data as string | undefined);
    return { type, code: EIO_TYPES.indexOf(type), data };
  }
  const bytes = payloadBytes(message);
  if (version === 4) return { type: 'message', code: 4, data: bytes };
  if (bytes.length === 0) throw new Error('empty Engine.IO v3 binary packet');
  const type = EIO_TYPES[bytes[0]];
  if (!type) throw new Error(`unknown Engine.IO v3 binary packet type ${bytes[0]}`);
  return { type, code: bytes[0], data: bytes.subarray(1) };
}

/**
 * Learns the version from what the connection does when the URL did not say: only v4's open
 * packet announces `maxPayload`, and only in v3 does the client send pings.
 */
export function eioVersionHint(packet: EioPacket, dir: DecoderMessage['dir']): EioVersion | undefined {
  if (packet.type === 'open' && typeof packet.data === 'string') {
    const parsed = parseJson(packet.data);
    if (parsed.ok && isRecord(parsed.value)) return 'maxPayload' in parsed.value ? 4 : 3;
  }
  if (packet.type === 'ping' && dir === 'send') return 3;
  return undefined;
}

export interface EioDescription {
  summary: string;
  fields: Record<string, string | number>;
  payload?: unknown;
  correlation?: Correlation;
  /** A keep-alive ping or pong (not the `probe` pair, which is the transport upgrade's test). */
  heartbeat: boolean;
}

/** Summary and fields of an Engine.IO packet other than a Socket.IO message. */
export function describeEioPacket(packet: EioPacket): EioDescription {
  const data = typeof packet.data === 'string' ? packet.data : undefined;
  const fields: Record<string, string | number> = { op: packet.type };
  if (packet.type === 'open' && data !== undefined) {
    const parsed = parseJson(data);
    const open = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
    if (open && typeof open.sid === 'string') fields.sid = open.sid;
    if (open && typeof open.pingInterval === 'number') fields.pingInterval = open.pingInterval;
    return { summary: `${packet.code} open${open?.sid ? ` sid=${String(open.sid)}` : ''}`, fields, payload: parsed.ok ? parsed.value : data, heartbeat: false };
  }
  // Ping/pong pair up (the `probe` ones too, during the upgrade from polling).
  const correlation: Correlation | undefined =
    packet.type === 'ping' ? { key: `ping:${data ?? ''}`, role: 'request' } : packet.type === 'pong' ? { key: `ping:${data ?? ''}`, role: 'response' } : undefined;
  const tail = data !== undefined ? ` ${preview(data, 60)}` : packet.data instanceof Uint8Array ? ` (${packet.data.length} B)` : '';
  const heartbeat = (packet.type === 'ping' || packet.type === 'pong') && data !== 'probe';
  return { summary: `${packet.code} ${packet.type}${tail}`, fields, payload: data, correlation, heartbeat };
}

/**
 * Reads one connection's Engine.IO frames in order, learning the protocol version (3 or 4) from
 * the URL (`EIO=`) or, failing that, from the first packets. Shared by the Engine.IO and
 * Socket.IO decoders.
 */
export function createEioFrameReader(url: string): (message: DecoderMessage) => EioPacket {
  let version = eioVersionFromUrl(url);
  let learnt = version !== undefined;
  return (message) => {
    const packet = decodeEioFrame(message, version ?? 4);
    if (!learnt) {
      const hint = eioVersionHint(packet, message.dir);
      if (hint) [version, learnt] = [hint, true];
    }
    return packet;
  };
}
