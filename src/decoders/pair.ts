/**
 * Request/response pairing from the decoders' `correlation`: which message answers which, and
 * how long it took. Works on any list of decoded messages of one connection, in order.
 */
import type { DecodeResult } from './types';

export interface PairInput {
  decoded: DecodeResult;
  /** Wall-clock ms (MessageRecord.time); without it no durations are computed. */
  time?: number;
}

export interface MessagePair {
  key: string;
  /** Index (in the input) of the request; absent when the answer came without a captured request. */
  request?: number;
  /** Indices of the responses and stream items, in order. */
  responses: number[];
  /** Index of the message that completed a stream. */
  complete?: number;
  /** ms from the request to its first answer (response, stream item or completion). */
  rtt?: number;
  /** ms from the request to its last message so far. */
  duration?: number;
  /** True once a response or completion closed the exchange. */
  closed: boolean;
}

export interface Pairing {
  pairs: MessagePair[];
  /** For each input index, the pair it belongs to (undefined when it takes part in none). */
  pairOf: (MessagePair | undefined)[];
}

/**
 * A request opens an exchange under its key (a new request under a key still open starts a new
 * exchange: ids get reused); `stream` answers keep it open, `response` and `complete` close it.
 * Answers to a key with no open exchange make an exchange without a request.
 */
export function pairMessages(items: readonly PairInput[]): Pairing {
  const pairs: MessagePair[] = [];
  const pairOf: (MessagePair | undefined)[] = new Array(items.length).fill(undefined);
  const open = new Map<string, MessagePair>();
  items.forEach(({ decoded }, index) => {
    if (!decoded.ok || !decoded.correlation) return;
    const { key, role } = decoded.correlation;
    let pair = open.get(key);
    if (role === 'request' || !pair) {
      pair = { key, responses: [], closed: false };
      if (role === 'request') pair.request = index;
      pairs.push(pair);
      open.set(key, pair);
    }
    if (role === 'response' || role === 'stream') pair.responses.push(index);
    if (role === 'complete') pair.complete = index;
    if (role === 'response' || role === 'complete') {
      pair.closed = true;
      open.delete(key);
    }
    pairOf[index] = pair;
  });
  for (const pair of pairs) {
    const start = pair.request !== undefined ? items[pair.request].time : undefined;
    const answers = [...pair.responses, ...(pair.complete !== undefined ? [pair.complete] : [])].sort((a, b) => a - b);
    if (start === undefined || answers.length === 0) continue;
    const first = items[answers[0]].time;
    const last = items[answers[answers.length - 1]].time;
    if (first !== undefined) pair.rtt = first - start;
    if (last !== undefined) pair.duration = last - start;
  }
  return { pairs, pairOf };
}
