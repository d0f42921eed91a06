/**
 * WAMP v2 message codes and where each message keeps its request id, URI and arguments. Every
 * message is an array `[code, ...]`; the table below is the spec's layout, 0-based after the code.
 */
export interface WampLayout {
  name: string;
  /** Position of the request id this message opens (request) or answers (response). */
  request?: number;
  role?: 'request' | 'response';
  /** Position of the topic/procedure/realm URI. */
  uri?: number;
  /** Position of the Details/Options dictionary. */
  details?: number;
  /** Position of Arguments (ArgumentsKw follows). */
  args?: number;
}

export const WAMP: Record<number, WampLayout> = {
  1: { name: 'HELLO', uri: 1, details: 2 },
  2: { name: 'WELCOME', details: 2 },
  3: { name: 'ABORT', details: 1, uri: 2 },
  4: { name: 'CHALLENGE', details: 2 },
  5: { name: 'AUTHENTICATE', details: 2 },
  6: { name: 'GOODBYE', details: 1, uri: 2 },
  8: { name: 'ERROR', request: 2, role: 'response', details: 3, uri: 4, args: 5 },
  16: { name: 'PUBLISH', request: 1, role: 'request', details: 2, uri: 3, args: 4 },
  17: { name: 'PUBLISHED', request: 1, role: 'response' },
  32: { name: 'SUBSCRIBE', request: 1, role: 'request', details: 2, uri: 3 },
  33: { name: 'SUBSCRIBED', request: 1, role: 'response' },
  34: { name: 'UNSUBSCRIBE', request: 1, role: 'request' },
  35: { name: 'UNSUBSCRIBED', request: 1, role: 'response' },
  36: { name: 'EVENT', details: 3, args: 4 },
  48: { name: 'CALL', request: 1, role: 'request', details: 2, uri: 3, args: 4 },
  49: { name: 'CANCEL', request: 1, details: 2 },
  50: { name: 'RESULT', request: 1, role: 'response', details: 2, args: 3 },
  64: { name: 'REGISTER', request: 1, role: 'request', details: 2, uri: 3 },
  65: { name: 'REGISTERED', request: 1, role: 'response' },
  66: { name: 'UNREGISTER', request: 1, role: 'request' },
  67: { name: 'UNREGISTERED', request: 1, role: 'response' },
  68: { name: 'INVOCATION', request: 1, role: 'request', details: 3, args: 4 },
  69: { name: 'INTERRUPT', request: 1, details: 2 },
  70: { name: 'YIELD', request: 1, role: 'response', details: 2, args: 3 },
};

/** Codes by name, for the session's bookkeeping. */
export const CODE = Object.fromEntries(Object.entries(WAMP).map(([code, layout]) => [layout.name, Number(code)])) as Record<string, number>;
