/**
 * Heartbeats the player answers itself, so an app served from a log does not time out and its
 * pings are never "unmatched": recorded answers to pings are left out (the live pings get
 * live answers) and a server's keepalive is kept up for as long as the socket is served.
 *
 *   engine.io / Socket.IO  page `2` (v3 ping) → `3`, `2probe` → `3probe`; page `3` (v4 pong) is
 *                          taken silently; the server's `2` every `pingInterval` of the recorded
 *                          handshake (`0{"sid":…,"pingInterval":25000,…}`), or the client
 *                          closes with "ping timeout" after pingInterval + pingTimeout
 *   graphql-transport-ws   page `{"type":"ping"}` → `{"type":"pong"}`; page pong taken silently
 *   subscriptions-transport-ws  the server's `{"type":"ka"}` at the recorded keepalive spacing
 *   SignalR                page ping record `{"type":6}` taken silently; the server's ping every
 *                          15 s (the client gives up after 30 s without a message)
 *   MQTT                   PINGREQ → PINGRESP
 */
import { isRecord } from '../lib/objects';
import type { ServeScript } from '../protocol/serve';
import type { ServeDialect } from './dialect';
import { MQTT, MQTT_PINGRESP } from './mqtt-packets';
import { parseText, type ParsedMessage, type ParsedText } from './parse';
import { bufferOf, type ServePayload } from './payload';

export interface Heartbeats {
  /**
   * For a page message that is a heartbeat: what to answer (null: nothing, take it silently).
   * Undefined: not a heartbeat.
   */
  answerPage(parsed: ParsedMessage): ServePayload | null | undefined;
  /** A recorded server message that only answers a page heartbeat (the player answers live ones). */
  isServerAnswer(parsed: ParsedMessage): boolean;
  /** A recorded server keepalive (conversational mode sends its own on a timer instead). */
  isServerKeepalive(parsed: ParsedMessage): boolean;
  /** What the player sends on its own while serving, and how often. */
  keepalive?: { payload: string; intervalMs: number };
}

const NONE: Heartbeats = { answerPage: () => undefined, isServerAnswer: () => false, isServerKeepalive: () => false };

function typeOf(parsed: ParsedText): unknown {
  return parsed.kind === 'json' && isRecord(parsed.value) ? parsed.value.type : undefined;
}

function isSignalRPing(parsed: ParsedMessage): boolean {
  return parsed.kind === 'records' && parsed.records.length > 0 && parsed.records.every((r) => typeOf(r) === 6);
}

function onlyPackets(parsed: ParsedMessage, type: number): boolean {
  return parsed.kind === 'binary' && !!parsed.mqtt && parsed.mqtt.every((p) => p.type === type);
}

function engineIoPingInterval(script: ServeScript): number {
  for (const frame of script.frames) {
    if (frame.dir !== 1 || !frame.text?.startsWith('0{')) continue;
    try {
      const handshake = JSON.parse(frame.text.slice(1)) as unknown;
      if (isRecord(handshake) && typeof handshake.pingInterval === 'number' && handshake.pingInterval > 0) return handshake.pingInterval;
    } catch {
      // not a handshake after all
    }
    break;
  }
  return 25000;
}

/** The spacing of the first two recorded keepalives, else `fallback`. */
function recordedSpacing(script: ServeScript, isKeepalive: (text: string) => boolean, fallback: number): number {
  const times = script.frames.filter((f) => f.dir === 1 && f.text !== undefined && isKeepalive(f.text)).map((f) => f.at);
  const gap = times.length >= 2 ? times[1] - times[0] : 0;
  return gap >= 1000 ? gap : fallback;
}

export function heartbeatsOf(dialect: ServeDialect, script: ServeScript): Heartbeats {
  switch (dialect) {
    case 'engine.io':
      return {
        answerPage: (p) => (p.kind !== 'text' ? undefined : p.text === '2' ? '3' : p.text === '2probe' ? '3probe' : p.text === '3' ? null : undefined),
        isServerAnswer: (p) => p.kind === 'text' && (p.text === '3' || p.text === '3probe'),
        isServerKeepalive: (p) => p.kind === 'text' && p.text === '2',
        keepalive: { payload: '2', intervalMs: engineIoPingInterval(script) },
      };
    case 'graphql-transport-ws':
      return {
        answerPage: (p) => (p.kind !== 'json' ? undefined : typeOf(p) === 'ping' ? '{"type":"pong"}' : typeOf(p) === 'pong' ? null : undefined),
        isServerAnswer: (p) => p.kind === 'json' && typeOf(p) === 'pong',
        isServerKeepalive: () => false,
      };
    case 'subscriptions-transport-ws': {
      const isKa = (p: ParsedMessage) => p.kind === 'json' && typeOf(p) === 'ka';
      const recorded = script.frames.some((f) => f.dir === 1 && f.text !== undefined && isKa(parseText(f.text, dialect)));
      return {
        answerPage: () => undefined,
        isServerAnswer: () => false,
        isServerKeepalive: isKa,
        keepalive: recorded ? { payload: '{"type":"ka"}', intervalMs: recordedSpacing(script, (t) => isKa(parseText(t, dialect)), 10000) } : undefined,
      };
    }
    case 'signalr':
      return {
        answerPage: (p) => (isSignalRPing(p) ? null : undefined),
        isServerAnswer: () => false,
        isServerKeepalive: isSignalRPing,
        keepalive: { payload: '{"type":6}\x1e', intervalMs: 15000 },
      };
    case 'mqtt':
      return {
        answerPage: (p) => (onlyPackets(p, MQTT.PINGREQ) ? bufferOf(MQTT_PINGRESP.slice()) : undefined),
        isServerAnswer: (p) => onlyPackets(p, MQTT.PINGRESP),
        isServerKeepalive: () => false,
      };
    default:
      return NONE;
  }
}
