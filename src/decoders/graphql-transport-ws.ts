/** GraphQL over WebSocket, the `graphql-transport-ws` sub-protocol (the `graphql-ws` library). */
import { createGraphQlSession, isConnectionMessage, isOperationResult, isOperationStart, type GraphQlProtocol } from './graphql-messages';
import { SCORE, jsonShapeScore, otherSubprotocol, subprotocolScore, urlMatches } from './support/detect';
import type { Decoder } from './types';

const PROTOCOL: GraphQlProtocol = {
  id: 'graphql-transport-ws',
  operationRoles: { subscribe: 'request', next: 'stream', error: 'response', complete: 'complete' },
  initResponses: ['connection_ack'],
  types: ['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete'],
  keepAlives: ['ping', 'pong'],
};

export const graphqlTransportWsDecoder: Decoder = {
  id: PROTOCOL.id,
  label: 'GraphQL (graphql-transport-ws)',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, [PROTOCOL.id])) return 0;
    let score = subprotocolScore(connection, [PROTOCOL.id]);
    if (urlMatches(connection, /\/graphql(\/|\?|$)/i)) score += SCORE.URL;
    // Its own operation messages with their required fields; else the handshake both protocols share.
    const shape = jsonShapeScore(firstMessages, (v) => isOperationStart(v, 'subscribe') || isOperationResult(v, 'next'));
    score += shape || jsonShapeScore(firstMessages, (v) => isConnectionMessage(v, ['connection_init', 'connection_ack']), SCORE.HINT);
    return score;
  },
  createSession: () => createGraphQlSession(PROTOCOL),
};
