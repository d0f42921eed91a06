/** Plain Engine.IO (no Socket.IO on top): open/ping/pong/message/upgrade/noop/close packets. */
import { createEioFrameReader, describeEioPacket, engineIoTransportScore } from './engine-io-packet';
import { SCORE, urlMatches } from './support/detect';
import { binaryView, jsonOrText } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { Decoder } from './types';

const ID = 'engine.io';

export const engineIoDecoder: Decoder = {
  id: ID,
  label: 'Engine.IO',
  detect(connection, firstMessages) {
    let score = 0;
    if (urlMatches(connection, /\/engine\.io\/?(\?|$)/)) score += SCORE.URL;
    score += engineIoTransportScore(connection, firstMessages);
    return score;
  },
  createSession(connection) {
    const readFrame = createEioFrameReader(connection.url);
    return guardedSession(ID, (message) => {
      const packet = readFrame(message);
      if (packet.type !== 'message') {
        const d = describeEioPacket(packet);
        return asHeartbeat(decoded(ID, packet.type, d.summary, d.fields, d.payload, d.correlation), d.heartbeat);
      }
      const payload = packet.data instanceof Uint8Array ? binaryView(packet.data) : jsonOrText(packet.data ?? '');
      const tail = packet.data instanceof Uint8Array ? `(${packet.data.length} B binary)` : preview(packet.data ?? '', 100);
      return decoded(ID, 'message', `4 message ${tail}`, { op: 'message' }, payload);
    });
  },
};
