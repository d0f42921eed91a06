/**
 * Which protocol a recorded conversation speaks, as far as serving it cares: how its text is cut
 * into a head and a JSON body (Socket.IO's `42[...]`, SignalR's 0x1E-separated records), and
 * which of its messages are heartbeats the player answers itself. Read from the script (the
 * sub-protocol and the first messages), never from a single live message, so a plain chat app
 * that sends the text "2" is not taken for engine.io.
 */
import { base64ToBytes } from '../lib/bytes';
import type { ServeScript } from '../protocol/serve';

export type ServeDialect =
  | 'engine.io'
  /** graphql-ws's protocol (sub-protocol `graphql-transport-ws`). */
  | 'graphql-transport-ws'
  /** Apollo's older subscriptions-transport-ws (sub-protocol `graphql-ws`). */
  | 'subscriptions-transport-ws'
  | 'signalr'
  | 'mqtt'
  | 'plain';

const SAMPLE = 8;

function firstTexts(script: ServeScript, dir: 0 | 1): string[] {
  const texts: string[] = [];
  for (const frame of script.frames) {
    if (frame.dir !== dir || frame.text === undefined) continue;
    texts.push(frame.text.slice(0, 512));
    if (texts.length === SAMPLE) break;
  }
  return texts;
}

export function detectServeDialect(script: ServeScript): ServeDialect {
  const protocol = script.protocol.toLowerCase();
  if (protocol.startsWith('mqtt')) return 'mqtt';
  if (protocol === 'graphql-transport-ws') return 'graphql-transport-ws';
  if (protocol === 'graphql-ws') return 'subscriptions-transport-ws';
  const server = firstTexts(script, 1);
  const page = firstTexts(script, 0);
  if (server.some((t) => /^0\{.*"sid"\s*:/.test(t))) return 'engine.io';
  if (page.some((t) => /^\{\s*"protocol"\s*:/.test(t) && t.endsWith('\x1e'))) return 'signalr';
  if (page.some((t) => /"type"\s*:\s*"connection_init"/.test(t))) {
    return server.some((t) => /"type"\s*:\s*"(next|ping|pong)"/.test(t)) ? 'graphql-transport-ws' : 'subscriptions-transport-ws';
  }
  const firstPage = script.frames.find((f) => f.dir === 0);
  if (firstPage?.base64 !== undefined) {
    try {
      const bytes = base64ToBytes(firstPage.base64.slice(0, 16));
      // CONNECT (0x10) with the protocol name MQTT or MQIsdp right after the remaining length.
      if (bytes[0] === 0x10 && /MQ(TT|Isdp)/.test(String.fromCharCode(...bytes.subarray(1, 12)))) return 'mqtt';
    } catch {
      // not base64: not MQTT either
    }
  }
  return 'plain';
}
