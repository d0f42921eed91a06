/**
 * MQTT 3.1, 3.1.1 and 5 over WebSocket, parsed by the official `mqtt-packet`. The session keeps
 * one parser per direction, because a WebSocket message may hold several packets or part of one,
 * and learns the protocol version from CONNECT: MQTT 5 packets carry properties that 3.1.1
 * parsing would misread. MQTT 5 PUBLISH properties become fields (see mqtt-properties.ts), and
 * topic aliases, which each side sets up for its own publishes, are resolved back to the topic.
 * `mqtt-packet` wants Node Buffers: `Buffer` comes from the `buffer`
 * package so this also runs in the panel.
 */
import { Buffer } from 'buffer';
import { parser as mqttParser, type Packet, type Parser } from 'mqtt-packet';
import { publishPropertyFields } from './mqtt-properties';
import { SCORE, otherSubprotocol, shapeScore, subprotocolScore, urlMatches } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { utf8OrUndefined } from './support/input';
import { binaryView, jsonOrText, toJsonValue } from './support/json-value';
import { allHeartbeats, asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'mqtt';
const SUBPROTOCOLS = ['mqtt', 'mqttv3.1', 'mqttv5', 'mqttv3.1.1'];
const VERSION_NAMES: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };
type Dir = DecoderMessage['dir'];

interface Side {
  parser: Parser;
  packets: Packet[];
  errors: string[];
  /** Bytes the parser holds of a packet still incomplete. */
  buffered: number;
  /** Bytes received of the incomplete packet so far (header bytes included). */
  partial: number;
}

function newSide(protocolVersion: number): Side {
  const side: Side = { parser: mqttParser({ protocolVersion }), packets: [], errors: [], buffered: 0, partial: 0 };
  side.parser.on('packet', (packet) => side.packets.push(packet));
  side.parser.on('error', (error: unknown) => side.errors.push(error instanceof Error ? error.message : String(error)));
  return side;
}

function feed(side: Side, bytes: Uint8Array): void {
  const before = side.packets.length;
  side.buffered = side.parser.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  side.partial = side.packets.length > before ? side.buffered : side.partial + bytes.length;
}

/** The command of the packet being assembled, once its first byte has been seen. */
function pendingCommand(side: Side): string | undefined {
  const packet = (side.parser as unknown as { packet?: { cmd?: string } }).packet;
  return side.partial > 0 && typeof packet?.cmd === 'string' ? packet.cmd.toUpperCase() : undefined;
}

function payloadValue(payload: unknown): unknown {
  if (typeof payload === 'string') return jsonOrText(payload);
  if (payload instanceof Uint8Array) {
    const text = utf8OrUndefined(payload);
    return text !== undefined ? jsonOrText(text) : binaryView(payload);
  }
  return toJsonValue(payload);
}

const other = (dir: Dir): Dir => (dir === 'send' ? 'receive' : 'send');

/** Packet ids are numbered by the side that starts the exchange (the publisher, the subscriber). */
function correlationOf(packet: Packet, dir: Dir): Correlation | undefined {
  const id = packet.messageId;
  switch (packet.cmd) {
    case 'connect':
      return { key: 'connect', role: 'request' };
    case 'connack':
      return { key: 'connect', role: 'response' };
    case 'pingreq':
      return { key: 'ping', role: 'request' };
    case 'pingresp':
      return { key: 'ping', role: 'response' };
    case 'publish':
      return packet.qos > 0 && id !== undefined ? { key: `${dir}:${id}`, role: 'request' } : undefined;
    case 'subscribe':
    case 'unsubscribe':
      return id !== undefined ? { key: `${dir}:${id}`, role: 'request' } : undefined;
    case 'puback':
    case 'suback':
    case 'unsuback':
      return id !== undefined ? { key: `${other(dir)}:${id}`, role: 'response' } : undefined;
    case 'pubrec':
      return id !== undefined ? { key: `${other(dir)}:${id}`, role: 'stream' } : undefined;
    case 'pubrel':
      return id !== undefined ? { key: `${dir}:${id}`, role: 'stream' } : undefined;
    case 'pubcomp':
      return id !== undefined ? { key: `${other(dir)}:${id}`, role: 'complete' } : undefined;
  }
  return undefined;
}

function reasonOf(packet: { reasonCode?: number; returnCode?: number }): number | undefined {
  return packet.reasonCode ?? packet.returnCode;
}

/** MQTT 5 topic aliases of one side: alias -> topic, learnt from its publishes carrying both. */
type TopicAliases = Map<number, string>;

function describePacket(packet: Packet, dir: Dir, aliases: TopicAliases): DecodedMessage {
  const type = packet.cmd.toUpperCase();
  const idTail = packet.messageId !== undefined ? ` (id ${packet.messageId})` : '';
  const fields: Record<string, string | number> = { op: packet.cmd };
  if (packet.messageId !== undefined) fields.id = packet.messageId;
  let summary = type;
  const { cmd: _cmd, length: _length, ...rest } = packet;
  let payload: unknown = toJsonValue(rest);
  switch (packet.cmd) {
    case 'connect':
      fields.clientId = packet.clientId;
      fields.version = VERSION_NAMES[packet.protocolVersion ?? 4] ?? String(packet.protocolVersion);
      summary = `CONNECT ${packet.clientId || '(no client id)'} v${fields.version}`;
      break;
    case 'connack': {
      const code = reasonOf(packet);
      if (code !== undefined) fields.reasonCode = code;
      summary = `CONNACK ${code === 0 ? 'accepted' : `refused (${code})`}${packet.sessionPresent ? ' session present' : ''}`;
      break;
    }
    case 'publish': {
      const value = payloadValue(packet.payload);
      const alias = packet.properties?.topicAlias;
      // A publish with a topic and an alias sets the alias up; one with an empty topic uses it.
      if (alias !== undefined && packet.topic) aliases.set(alias, packet.topic);
      const topic = packet.topic || (alias !== undefined ? aliases.get(alias) : undefined);
      const aliasTail = alias !== undefined && !packet.topic ? `${topic ? ' ' : ''}(alias ${alias})` : '';
      Object.assign(fields, { topic: topic ?? '', qos: packet.qos });
      if (packet.retain) fields.retain = 1;
      Object.assign(fields, publishPropertyFields(packet.properties));
      summary = `PUBLISH ${topic ?? ''}${aliasTail} qos${packet.qos}${packet.retain ? ' retain' : ''}${packet.dup ? ' dup' : ''}${idTail} ${preview(value, 60)}`;
      payload = value;
      break;
    }
    case 'subscribe': {
      const topics = packet.subscriptions.map((s) => s.topic);
      Object.assign(fields, { topic: topics[0], topics: topics.join(' '), qos: packet.subscriptions[0]?.qos });
      summary = `SUBSCRIBE ${packet.subscriptions.map((s) => `${s.topic} qos${s.qos}`).join(', ')}${idTail}`;
      break;
    }
    case 'unsubscribe':
      Object.assign(fields, { topic: packet.unsubscriptions[0], topics: packet.unsubscriptions.join(' ') });
      summary = `UNSUBSCRIBE ${packet.unsubscriptions.join(', ')}${idTail}`;
      break;
    case 'suback':
    case 'unsuback':
      summary = `${type}${idTail} ${preview(packet.granted ?? [], 40)}`;
      break;
    default: {
      const code = 'reasonCode' in packet ? packet.reasonCode : undefined;
      if (code !== undefined) fields.reasonCode = code;
      summary = `${type}${idTail}${code ? ` reason ${code}` : ''}`;
    }
  }
  // PINGREQ/PINGRESP keep the network connection up within the CONNECT's keep-alive interval.
  return asHeartbeat(decoded(ID, type, summary, fields, payload, correlationOf(packet, dir)), packet.cmd === 'pingreq' || packet.cmd === 'pingresp');
}

export const mqttDecoder: Decoder = {
  id: ID,
  label: 'MQTT',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, SUBPROTOCOLS)) return 0;
    let score = subprotocolScore(connection, SUBPROTOCOLS);
    if (urlMatches(connection, /\/mqtt(\/|\?|$)/i)) score += SCORE.URL;
    // CONNECT: fixed header 0x10, a length, then the protocol name "MQTT" (or "MQIsdp" for 3.1).
    score += shapeScore(firstMessages, (m) => {
      const head = payloadBytes(m).subarray(0, 12);
      return m.opcode === 2 && head[0] === 0x10 && /MQTT|MQIsdp/.test(String.fromCharCode(...head));
    });
    return score;
  },
  createSession(connection) {
    let version = connection.protocol === 'mqttv3.1' ? 3 : 4;
    let sawConnect = false;
    const sides: Record<Dir, Side> = { send: newSide(version), receive: newSide(version) };
    const aliases: Record<Dir, TopicAliases> = { send: new Map(), receive: new Map() };
    return guardedSession(ID, (message) => {
      const bytes = payloadBytes(message);
      let side = sides[message.dir];
      feed(side, bytes);
      if (side.errors.length && !sawConnect && side.buffered === 0) {
        // No CONNECT seen (capture started late): the other version may be the right one.
        const alternative = newSide(version === 5 ? 4 : 5);
        feed(alternative, bytes);
        if (!alternative.errors.length && alternative.packets.length) {
          version = version === 5 ? 4 : 5;
          sides.send = newSide(version);
          sides.receive = newSide(version);
          side = alternative;
        }
      }
      if (side.errors.length) {
        sides[message.dir] = newSide(version);
        throw new Error(`MQTT: ${side.errors[0]}`);
      }
      const packets = side.packets.splice(0);
      // Clients and brokers often write a packet in pieces, one WebSocket message each.
      if (packets.length === 0) {
        const command = pendingCommand(side);
        return decoded(ID, 'fragment', `fragment of ${command ?? 'a packet'} (${side.partial} B so far)`, { op: 'fragment' });
      }
      const connect = packets.find((p) => p.cmd === 'connect');
      if (connect?.cmd === 'connect') {
        sawConnect = true;
        version = connect.protocolVersion ?? 4;
        // Aliases live as long as the network connection's session: a new CONNECT starts afresh.
        aliases.send.clear();
        aliases.receive.clear();
        // The server's parser has not seen CONNECT: tell it the version (the client's knows).
        if (sides[message.dir === 'send' ? 'receive' : 'send'].buffered === 0) sides[message.dir === 'send' ? 'receive' : 'send'] = newSide(version);
      }
      const [first] = packets;
      const description = describePacket(first, message.dir, aliases[message.dir]);
      if (packets.length === 1) return description;
      const all = packets.map((p) => describePacket(p, message.dir, aliases[message.dir]));
      const { heartbeat: _heartbeat, ...rest } = description;
      return asHeartbeat(
        {
          ...rest,
          summary: `${description.summary} (+${packets.length - 1} packet${packets.length > 2 ? 's' : ''})`,
          payload: all.map((d) => ({ type: d.type, summary: d.summary, payload: d.payload ?? null })),
        },
        allHeartbeats(all),
      );
    });
  },
};
