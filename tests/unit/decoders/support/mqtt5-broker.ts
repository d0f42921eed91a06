/**
 * A minimal MQTT 5 broker for the tests (aedes speaks 3.1.1 only): parses with mqtt-packet,
 * answers CONNECT, SUBSCRIBE, PUBLISH (QoS 0-2), PUBREL, UNSUBSCRIBE, PINGREQ, and delivers
 * publishes to matching subscriptions of the same connection. Each packet is one ws message.
 */
import { generate, parser, type Packet } from 'mqtt-packet';
import type { WebSocket } from 'ws';
import { mqttTopicMatches } from '../../../../src/decoders/topic-match';

export function serveMqtt5(ws: WebSocket): void {
  const opts = { protocolVersion: 5 };
  const incoming = parser(opts);
  const subscriptions: string[] = [];
  let nextId = 1;
  const send = (packet: Packet) => ws.send(generate(packet, opts));
  incoming.on('packet', (packet: Packet) => {
    switch (packet.cmd) {
      case 'connect':
        return send({ cmd: 'connack', sessionPresent: false, reasonCode: 0, properties: { topicAliasMaximum: 10 } });
      case 'subscribe':
        subscriptions.push(...packet.subscriptions.map((s) => s.topic));
        return send({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map((s) => s.qos) });
      case 'unsubscribe':
        return send({ cmd: 'unsuback', messageId: packet.messageId, granted: packet.unsubscriptions.map(() => 0) });
      case 'publish':
        if (packet.qos === 1) send({ cmd: 'puback', messageId: packet.messageId, reasonCode: 0 });
        if (packet.qos === 2) send({ cmd: 'pubrec', messageId: packet.messageId, reasonCode: 0 });
        if (subscriptions.some((filter) => mqttTopicMatches(filter, packet.topic))) {
          send({ cmd: 'publish', topic: packet.topic, payload: packet.payload, qos: packet.qos, dup: false, retain: false, messageId: packet.qos ? nextId++ : undefined });
        }
        return;
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
