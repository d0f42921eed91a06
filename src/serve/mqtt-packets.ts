/**
 * Just enough MQTT (3.1.1 and 5) to serve a recorded MQTT-over-WebSocket conversation: where each
 * packet of a message starts and ends, its type, and where its packet identifier sits, so a reply
 * can carry the identifier the live client chose (mqtt.js starts its ids at a random number).
 * Hand-written rather than mqtt-packet: the player runs in the bridge of every served tab, and
 * these few offsets are all it needs.
 */

export const MQTT = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  PUBREC: 5,
  PUBREL: 6,
  PUBCOMP: 7,
  SUBSCRIBE: 8,
  SUBACK: 9,
  UNSUBSCRIBE: 10,
  UNSUBACK: 11,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
} as const;

export interface MqttPacketView {
  type: number;
  /** The low four bits of the first byte (PUBLISH: dup, QoS, retain). */
  flags: number;
  start: number;
  /** First byte after the fixed header (type byte and remaining length). */
  body: number;
  end: number;
}

/** Client packets whose identifier the server's reply repeats. */
const CLIENT_ID_CARRIERS = new Set<number>([MQTT.PUBLISH, MQTT.PUBREL, MQTT.SUBSCRIBE, MQTT.UNSUBSCRIBE]);
/** Server packets that answer a client packet by its identifier. */
const SERVER_ID_REPLIES = new Set<number>([MQTT.PUBACK, MQTT.PUBREC, MQTT.PUBCOMP, MQTT.SUBACK, MQTT.UNSUBACK]);

/** The packets of one WebSocket message, or null when the bytes are not whole MQTT packets. */
export function splitMqttPackets(bytes: Uint8Array): MqttPacketView[] | null {
  const packets: MqttPacketView[] = [];
  let at = 0;
  while (at < bytes.length) {
    const first = bytes[at];
    const type = first >> 4;
    if (type < MQTT.CONNECT || type > 15) return null;
    let length = 0;
    let multiplier = 1;
    let i = at + 1;
    for (;;) {
      if (i >= bytes.length || i - at > 4) return null;
      const digit = bytes[i++];
      length += (digit & 0x7f) * multiplier;
      multiplier *= 128;
      if ((digit & 0x80) === 0) break;
    }
    const end = i + length;
    if (end > bytes.length) return null;
    packets.push({ type, flags: first & 0x0f, start: at, body: i, end });
    at = end;
  }
  return packets.length > 0 ? packets : null;
}

/** Offset of the packet identifier, or -1 when this packet has none. */
export function mqttPacketIdOffset(bytes: Uint8Array, packet: MqttPacketView): number {
  let offset = -1;
  if (packet.type === MQTT.PUBLISH) {
    if (((packet.flags >> 1) & 3) === 0) return -1;
    if (packet.body + 2 > packet.end) return -1;
    offset = packet.body + 2 + ((bytes[packet.body] << 8) | bytes[packet.body + 1]);
  } else if (packet.type >= MQTT.PUBACK && packet.type <= MQTT.UNSUBACK) {
    offset = packet.body;
  }
  return offset >= 0 && offset + 2 <= packet.end ? offset : -1;
}

export function readMqttPacketId(bytes: Uint8Array, packet: MqttPacketView): number | undefined {
  const offset = mqttPacketIdOffset(bytes, packet);
  return offset < 0 ? undefined : (bytes[offset] << 8) | bytes[offset + 1];
}

/** A client packet whose identifier the server's answer repeats. */
export function isMqttIdRequest(packet: MqttPacketView): boolean {
  return CLIENT_ID_CARRIERS.has(packet.type);
}

/** A server packet that answers by identifier (PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK). */
export function isMqttIdReply(packet: MqttPacketView): boolean {
  return SERVER_ID_REPLIES.has(packet.type);
}

/** The topic name of a PUBLISH, as bytes compared (not decoded). */
export function mqttPublishTopic(bytes: Uint8Array, packet: MqttPacketView): Uint8Array | undefined {
  if (packet.type !== MQTT.PUBLISH || packet.body + 2 > packet.end) return undefined;
  const length = (bytes[packet.body] << 8) | bytes[packet.body + 1];
  return bytes.subarray(packet.body + 2, Math.min(packet.end, packet.body + 2 + length));
}

export const MQTT_PINGREQ = Uint8Array.of(0xc0, 0x00);
export const MQTT_PINGRESP = Uint8Array.of(0xd0, 0x00);
