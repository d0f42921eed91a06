/**
 * Socket.IO v2-v4 over its Engine.IO transport. The Socket.IO layer is decoded by the official
 * `socket.io-parser` (its string format is the same from protocol 4 (v2) to 5 (v3/v4)), one parser
 * per direction because a binary event's attachments follow it as separate binary frames in the
 * same direction: the text frame is reported as waiting, each attachment as it comes, and the
 * last one carries the reassembled event. A binary frame that no text frame announced is tried
 * as `socket.io-msgpack-parser` output.
 */
import { decode as msgpackDecode } from '@msgpack/msgpack';
import { Decoder as SioParser, type Packet } from 'socket.io-parser';
import { createEioFrameReader, describeEioPacket } from './engine-io-packet';
import { SCORE, shapeScore, urlMatches } from './support/detect';
import { isRecord, parseJson, toJsonValue } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'socket.io';
const TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

interface Pending {
  /** The announcing packet with `{ _placeholder: true, num }` where the binaries go. */
  header: Packet;
  binaryType: number;
  total: number;
  received: number;
}

interface Side {
  parser: SioParser;
  out: Packet[];
  pending?: Pending;
}

function newSide(): Side {
  const side: Side = { parser: new SioParser(), out: [] };
  side.parser.on('decoded', (packet: Packet) => side.out.push(packet));
  return side;
}

/** Until its attachments arrive, a binary packet shows `<attachment #n>` where each will go. */
function markPlaceholders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markPlaceholders);
  if (isRecord(value)) {
    if (value._placeholder === true && typeof value.num === 'number') return `<attachment #${value.num}>`;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markPlaceholders(v)]));
  }
  return value;
}

/** A binary packet's header through the official parser: the same string as a plain EVENT/ACK. */
function parseHeader(text: string): Packet {
  const side = newSide();
  side.parser.add(text.replace(/^([56])\d+-/, (_m, t: string) => (t === '5' ? '2' : '3')));
  const [packet] = side.out;
  return { ...packet, data: markPlaceholders(packet.data) };
}

function opposite(dir: DecoderMessage['dir']): DecoderMessage['dir'] {
  return dir === 'send' ? 'receive' : 'send';
}

function describe(packet: Packet, type: number, dir: DecoderMessage['dir'], note = '', correlate = true): DecodedMessage {
  const nsp = packet.nsp || '/';
  const head = `4${type}${nsp !== '/' ? `${nsp},` : ''}${packet.id ?? ''}`;
  const data = toJsonValue(packet.data);
  const fields: Record<string, string | number> = { op: TYPES[type].toLowerCase(), channel: nsp, nsp };
  if (packet.id !== undefined) fields.id = packet.id;
  let summary: string;
  let payload: unknown = data;
  let correlation: Correlation | undefined;
  switch (type) {
    case 2:
    case 5: {
      const [event, ...args] = Array.isArray(data) ? data : [];
      fields.event = typeof event === 'string' || typeof event === 'number' ? event : '';
      payload = args;
      summary = `${head} ${String(fields.event)}${args.length ? ` ${preview(args.length === 1 ? args[0] : args, 80)}` : ''}`;
      if (packet.id !== undefined) correlation = { key: `${dir}:${nsp}:${packet.id}`, role: 'request' };
      break;
    }
    case 3:
    case 6:
      summary = `${head} ack ${preview(data, 80)}`;
      if (packet.id !== undefined) correlation = { key: `${opposite(dir)}:${nsp}:${packet.id}`, role: 'response' };
      break;
    case 0: {
      const sid = isRecord(data) && typeof data.sid === 'string' ? data.sid : undefined;
      if (sid) fields.sid = sid;
      summary = `${head} connect${nsp !== '/' ? ` ${nsp}` : ''}${sid ? ` sid=${sid}` : ''}`;
      correlation = { key: `connect:${nsp}`, role: dir === 'send' ? 'request' : 'response' };
      break;
    }
    case 4: {
      const reason = isRecord(data) && typeof data.message === 'string' ? data.message : data;
      summary = `${head} connect_error ${preview(reason, 80)}`;
      correlation = { key: `connect:${nsp}`, role: 'response' };
      break;
    }
    default:
      summary = `${head} disconnect`;
  }
  return decoded(ID, TYPES[type], `${summary}${note}`, fields, payload, correlate ? correlation : undefined);
}

/** `socket.io-msgpack-parser` sends each packet as one MessagePack map. */
function decodeMsgpackPacket(bytes: Uint8Array, dir: DecoderMessage['dir']): DecodedMessage {
  let value: unknown;
  try {
    value = msgpackDecode(bytes);
  } catch {
    value = undefined;
  }
  if (!isRecord(value) || typeof value.type !== 'number' || !TYPES[value.type] || (value.nsp !== undefined && typeof value.nsp !== 'string')) {
    throw new Error('binary frame without a pending binary packet (no attachment was announced)');
  }
  const packet: Packet = { type: value.type, nsp: (value.nsp as string) ?? '/', data: value.data, id: typeof value.id === 'number' ? value.id : undefined };
  return describe(packet, value.type, dir, ' (msgpack)');
}

/**
 * A Socket.IO packet in an Engine.IO message text: `4`, the packet type, `<n>-` for a binary
 * packet's attachment count, `/nsp,`, an ack id, then the data. Detection wants the whole
 * grammar: the data parses as an array (events, acks) or object (connect, connect_error), and the
 * text is not itself JSON (a feed of numbers sends `42.5`, `420`).
 */
const SOCKET_IO_PACKET = /^4([0-6])(?:\d+-)?(?:\/[^,]*,)?\d*([\s\S]*)$/;

function socketIoEvidence(message: DecoderMessage): number {
  const text = message.opcode === 1 ? (message.text ?? '') : '';
  const match = SOCKET_IO_PACKET.exec(text);
  if (!match) return 0;
  // A bare `40` (the client connecting to the main namespace) is also a JSON number: a hint only.
  if (parseJson(text).ok) return text === '40' && message.dir === 'send' ? SCORE.HINT : 0;
  const [, type, data] = match;
  if (data === '') return type === '0' || type === '1' ? SCORE.SHAPE : 0;
  const parsed = parseJson(data);
  if (!parsed.ok) return 0;
  if ('2356'.includes(type)) return Array.isArray(parsed.value) ? SCORE.SHAPE : 0;
  return (type === '0' || type === '4') && isRecord(parsed.value) ? SCORE.SHAPE : 0;
}

export const socketIoDecoder: Decoder = {
  id: ID,
  label: 'Socket.IO',
  detect(connection, firstMessages) {
    let score = 0;
    if (urlMatches(connection, /\/socket\.io\/?(\?|$)/)) score += SCORE.URL;
    if (urlMatches(connection, /[?&]EIO=\d/)) score += SCORE.HINT;
    score += Math.max(0, ...firstMessages.slice(0, 8).map(socketIoEvidence));
    score += shapeScore(firstMessages, (m) => m.dir === 'receive' && m.opcode === 1 && /^0\{"sid":/.test(m.text ?? ''), 4, SCORE.HINT);
    return score;
  },
  createSession(connection) {
    const readFrame = createEioFrameReader(connection.url);
    const sides: Record<DecoderMessage['dir'], Side> = { send: newSide(), receive: newSide() };
    /** Feeds one side's parser and returns the packet it completed, if any. A parser that threw is replaced, so one bad frame does not spoil the next. */
    const feed = (dir: DecoderMessage['dir'], data: string | Uint8Array): Packet | undefined => {
      const side = sides[dir];
      try {
        side.parser.add(data);
      } catch (error) {
        sides[dir] = newSide();
        throw error;
      }
      return side.out.shift();
    };
    return guardedSession(ID, (message) => {
      const packet = readFrame(message);
      if (packet.type !== 'message') {
        const d = describeEioPacket(packet);
        return asHeartbeat(decoded(ID, packet.type, d.summary, d.fields, d.payload, d.correlation), d.heartbeat);
      }
      let side = sides[message.dir];
      if (typeof packet.data === 'string') {
        // A text packet while attachments are still awaited: they were lost (or never captured).
        if (side.pending) side = sides[message.dir] = newSide();
        const text = packet.data;
        const done = feed(message.dir, text);
        const type = Number(text[0]);
        if (done) return describe(done, type, message.dir);
        const total = Number(/^[56](\d+)-/.exec(text)?.[1] ?? 0);
        side.pending = { header: parseHeader(text), binaryType: type, total, received: 0 };
        // Its ack pairing is carried by the reassembled event, once complete.
        return describe(side.pending.header, type, message.dir, ` (awaiting ${total} attachment${total === 1 ? '' : 's'})`, false);
      }
      const bytes = packet.data ?? new Uint8Array();
      const pending = side.pending;
      if (!pending) return decodeMsgpackPacket(bytes, message.dir);
      pending.received++;
      const done = feed(message.dir, bytes);
      if (done) {
        side.pending = undefined;
        return describe(done, pending.binaryType, message.dir, ` (attachment ${pending.received}/${pending.total}, complete)`);
      }
      const event = Array.isArray(pending.header.data) && pending.binaryType === 5 ? ` for ${String(pending.header.data[0])}` : '';
      return decoded(ID, 'attachment', `attachment ${pending.received}/${pending.total}${event} (${bytes.length} B)`, { op: 'attachment', channel: pending.header.nsp }, toJsonValue(bytes));
    });
  },
};
