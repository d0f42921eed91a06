/**
 * Version of the message protocol between the four contexts. Bump it when a message changes shape;
 * every receiver drops envelopes of another version (a stale content script left in a tab after
 * an extension update must not feed a newer panel garbage).
 */
export const PROTOCOL_VERSION = 1;
