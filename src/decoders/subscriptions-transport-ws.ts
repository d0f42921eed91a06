/**
 * GraphQL over WebSocket, the legacy `subscriptions-transport-ws` (Apollo) protocol, whose
 * sub-protocol is confusingly named `graphql-ws`.
 */
import { createGraphQlSession, isConnectionMessage, isOperationResult, isOperationStart, type GraphQlProtocol } from './graphql-messages';
import { SCORE, jsonShapeScore, otherSubprotocol, subprotocolScore, urlMatches } from './support/detect';
import type { Decoder } from './types';

const PROTOCOL: GraphQlProtocol = {
  id: 'subscriptions-transport-ws',
  operationRoles: { start: 'request', data: 'stream', error: 'response', complete: 'complete', stop: 'complete' },
  initResponses: ['connection_ack', 'connection_error'],
  types: ['connection_init', 'connection_ack', 'connection_error', 'ka', 'connection_terminate', 'start', 'data', 'error', 'complete', 'stop'],
  keepAlives: ['ka'],
};

export const subscriptionsTransportWsDecoder: Decoder = {
  id: PROTOCOL.id,
  label: 'GraphQL (subscriptions-transport-ws, legacy)',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, ['graphql-ws'])) return 0;
    let score = subprotocolScore(connection, ['graphql-ws']);
    // Same URLs as the newer protocol: a little less, so messages or the sub-protocol decide.
    if (urlMatches(connection, /\/graphql(\/|\?|$)/i)) score += SCORE.URL - 1;
    // Its own operation messages with their required fields, or its bare keep-alive `{"type":"ka"}`.
    const shape = jsonShapeScore(firstMessages, (v) => isOperationStart(v, 'start') || isOperationResult(v, 'data') || (isConnectionMessage(v, ['ka']) && !('payload' in (v as object))));
    score += shape || jsonShapeScore(firstMessages, (v) => isConnectionMessage(v, ['connection_init', 'connection_ack']), SCORE.HINT - 1);
    return score;
  },
  createSession: () => createGraphQlSession(PROTOCOL),
};
