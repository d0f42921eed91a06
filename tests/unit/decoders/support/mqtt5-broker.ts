/**
 * A minimal MQTT 5 broker for the tests (aedes speaks 3.1.1 only): parses with mqtt-packet,
 * answers CONNECT, SUBSCRIBE, PUBLISH (QoS 0-2), PUBREL, UNSUBSCRIBE, PINGREQ, and delivers
 * publishes to matching subscriptions of the same connection. Each packet is one ws message.
 * Like a broker, it resolves the client's topic aliases and forwards a publish's properties
 * (but its topic alias, which is the client's) with the matching subscription's identifier.
 */
import { generate, parser, type Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import { mqttTopicMatches } from '../../../../src/decoders/topic-match';

export function serveMqtt5(ws: WebSocket): void {
  const opts = { protocolVersion: 5 };
  const incoming = parser(opts);
  const subscriptions: { filter: string; identifier?: number }[] = [];
  const aliases = new Map<number, string>();
  let nextId = 1;
  const send = (packet: Packet) => ws.send(generate(packet, opts));
  incoming.on('packet', (packet: Packet) => {
    switch (packet.cmd) {
      case 'connect':
        return send({ cmd: 'connack', sessionPresent: false, reasonCode: 0, properties: { topicAliasMaximum: 10 } });
      case 'subscribe':
        subscriptions.push(...packet.subscriptions.map((s) => ({ filter: s.topic, identifier: packet.properties?.subscriptionIdentifier as number | undefined })));
        return send({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map((s) => s.qos) });
      case 'unsubscribe':
        return send({ cmd: 'unsuback', messageId: packet.messageId, granted: packet.unsubscriptions.map(() => 0) });
      case 'publish': {
        if (packet.qos === 1) send({ cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
        if (packet.qos === 2) send({ cmd: 'pubrec', messageId: packet.messageId, reasonCode: 0 });
        const { topicAlias, ...forwarded } = packet.properties ?? {};
        if (topicAlias !== undefined && packet.topic) aliases.set(topicAlias, packet.topic);
        const topic = packet.topic || aliases.get(topicAlias ?? -1) || '';
        const matching = subscriptions.filter((s) => mqttTopicMatches(s.filter, topic));
        if (matching.length) {
          const identifiers = matching.flatMap((s) => (s.identifier !== undefined ? [s.identifier] : []));
          const properties = { ...forwarded, ...(identifiers.length ? { subscriptionIdentifier: identifiers.length === 1 ? identifiers[0] : identifiers } : {}) };
          const withProperties = Object.keys(properties).length ? { properties } : {};
          send({ cmd: 'publish', topic, payload: packet.payload, qos: packet.qos, dup: false, retain: false, messageId: packet.qos ? nextId++ : undefined, ...withProperties });
        }
        return;
      }
      case 'pubrel':
        return send({ cmd: 'pubcomp', messageId: packet.messageId, reasonCode: 0 });
      case 'pubrec':
        return send({ cmd: 'pubrel', messageId: packet.messageId, reasonCode: 0 });
      case 'pingreq':
        return send({ cmd: 'pingresp' });
      case 'disconnect':
        return ws.close();
    }
  });
  ws.on('message', (data: Buffer) => incoming.parse(data));
}
