/**
 * GraphQL over WebSocket, the legacy `subscriptions-transport-ws` (Apollo) protocol, whose
 * sub-protocol is confusingly named `graphql-ws`.
 */
import { createGraphQlSession, type GraphQlProtocol } from './graphql-messages';
import { SCORE, firstTexts, otherSubprotocol, subprotocolScore, urlMatches } from './support/detect';
import type { Decoder } from './types';

const PROTOCOL: GraphQlProtocol = {
  id: 'subscriptions-transport-ws',
  operationRoles: { start: 'request', data: 'stream', error: 'response', complete: 'complete', stop: 'complete' },
  initResponses: ['connection_ack', 'connection_error'],
  types: ['connection_init', 'connection_ack', 'connection_error', 'ka', 'connection_terminate', 'start', 'data', 'error', 'complete', 'stop'],
};

export const subscriptionsTransportWsDecoder: Decoder = {
  id: PROTOCOL.id,
  label: 'GraphQL (subscriptions-transport-ws, legacy)',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, ['graphql-ws'])) return 0;
    let score = subprotocolScore(connection, ['graphql-ws']);
    // Same URLs as the newer protocol: a little less, so messages or the sub-protocol decide.
    if (urlMatches(connection, /\/graphql(\/|\?|$)/i)) score += SCORE.URL - 1;
    if (firstTexts(firstMessages).some((t) => /"type"\s*:\s*"(start|data|ka)"/.test(t))) score += SCORE.SHAPE;
    else if (firstTexts(firstMessages).some((t) => /"type"\s*:\s*"connection_init"/.test(t))) score += SCORE.HINT - 1;
    return score;
  },
  createSession: () => createGraphQlSession(PROTOCOL),
};
