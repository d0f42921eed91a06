/**
 * Sub-protocol decoders: the registry. See README.md beside this file for the interface.
 *
 *   const decoder = detectDecoder(connection, firstMessages);
 *   const session = decoder.createSession(connection);
 *   const decoded = messages.map((m) => session.decode(m));   // in order, one session per connection
 *   const { pairs } = pairMessages(decoded.map((d, i) => ({ decoded: d, time: messages[i].time })));
 */
import { actionCableDecoder } from './action-cable';
import { cborDecoder } from './cbor';
import { engineIoDecoder } from './engine-io';
import { graphqlTransportWsDecoder } from './graphql-transport-ws';
import { hexDecoder } from './hex';
import { jsonDecoder } from './json';
import { jsonRpcDecoder } from './json-rpc';
import { mqttDecoder } from './mqtt';
import { msgpackDecoder } from './msgpack';
import { phoenixDecoder } from './phoenix';
import { protobufDecoder } from './protobuf';
import { signalRDecoder } from './signalr';
import { socketIoDecoder } from './socket-io';
import { sockJsDecoder } from './sockjs';
import { stompDecoder } from './stomp';
import { subscriptionsTransportWsDecoder } from './subscriptions-transport-ws';
import { wampDecoder } from './wamp';
import { failure } from './support/result';
import { detectionSampleOf } from './support/detect';
import type { DecodeResult, Decoder, DecoderConnection, DecoderMessage, DecoderSession } from './types';

export * from './types';
export { pairMessages, type MessagePair, type PairInput, type Pairing } from './pair';
export { fieldMatches, isTopicFilter, mqttTopicMatches } from './topic-match';
export { SCORE, DETECT_PAYLOAD_CHARS } from './support/detect';

/** No protocol's keep-alive is longer (a Phoenix v1 heartbeat with a long ref is about 80 B). */
export const MAX_HEARTBEAT_BYTES = 512;

/** In order of preference when scores tie: specific protocols first, generic formats, fallbacks last. */
export const DECODERS: readonly Decoder[] = [
  socketIoDecoder,
  engineIoDecoder,
  sockJsDecoder,
  stompDecoder,
  mqttDecoder,
  signalRDecoder,
  graphqlTransportWsDecoder,
  subscriptionsTransportWsDecoder,
  phoenixDecoder,
  actionCableDecoder,
  wampDecoder,
  jsonRpcDecoder,
  msgpackDecoder,
  cborDecoder,
  protobufDecoder,
  jsonDecoder,
  hexDecoder,
];

/** The fallback when nothing else fits: JSON trees for JSON, text for text, hex for binary. */
export const FALLBACK_DECODER: Decoder = jsonDecoder;

export function getDecoder(id: string): Decoder | undefined {
  return DECODERS.find((decoder) => decoder.id === id);
}

export interface DecoderScore {
  decoder: Decoder;
  score: number;
}

/**
 * Every decoder with its score, best first (for a "decode as" menu). A throwing detect scores 0.
 * Decoders see the start of each message only (`detectionSampleOf`), so detection costs the same
 * whatever the messages' size.
 */
export function rankDecoders(connection: DecoderConnection, firstMessages: readonly DecoderMessage[]): DecoderScore[] {
  const sample = firstMessages.map(detectionSampleOf);
  const scored = DECODERS.map((decoder, order) => {
    let score = 0;
    try {
      score = decoder.detect(connection, sample);
    } catch {
      score = 0;
    }
    return { decoder, score: Number.isFinite(score) ? score : 0, order };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map(({ decoder, score }) => ({ decoder, score }));
}

/** The best decoder for a connection, from its URL, sub-protocol and first messages. */
export function detectDecoder(connection: DecoderConnection, firstMessages: readonly DecoderMessage[] = []): Decoder {
  const [best] = rankDecoders(connection, firstMessages);
  return best && best.score > 0 ? best.decoder : FALLBACK_DECODER;
}

/** A session whose decode cannot throw even if a decoder has a bug (belt and braces). */
export function createSafeSession(decoder: Decoder, connection: DecoderConnection): DecoderSession {
  let session: DecoderSession | undefined;
  let setupError: string | undefined;
  try {
    session = decoder.createSession(connection);
  } catch (error) {
    setupError = error instanceof Error ? error.message : String(error);
  }
  return {
    decode(message: DecoderMessage): DecodeResult {
      if (!session) return failure(decoder.id, `decoder could not start: ${setupError}`);
      try {
        return session.decode(message);
      } catch (error) {
        return failure(decoder.id, error instanceof Error ? error.message : String(error));
      }
    },
  };
}
