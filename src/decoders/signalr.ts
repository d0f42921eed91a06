/**
 * ASP.NET Core SignalR, JSON and MessagePack hub protocols (text frames are JSON, binary frames
 * MessagePack, the handshake JSON in either). The session remembers each invocation's target and
 * whether it was a stream, so stream items and completions can name the method they answer.
 */
import { SCORE, firstTexts, urlMatches } from './support/detect';
import { payloadBytes } from '../lib/bytes';
import { isRecord, parseJson } from './support/json-value';
import { allHeartbeats, asHeartbeat, decoded, guardedSession, preview } from './support/result';
import { RECORD_SEPARATOR, splitBinaryHandshake, splitLengthPrefixed, splitRecords } from './signalr-framing';
import { HUB_TYPES, decodeMsgpackMessage, fromJson, type HubMessage } from './signalr-messages';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'signalr';
type Dir = DecoderMessage['dir'];

interface State {
  /** Invocations by `<dir>:<id>` of the side that made them. */
  invocations: Map<string, { target: string; stream: boolean }>;
}

const other = (dir: Dir): Dir => (dir === 'send' ? 'receive' : 'send');

function describeHandshake(text: string, dir: Dir): DecodedMessage {
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) throw new Error('SignalR handshake is not a JSON object');
  const value = parsed.value;
  if (dir === 'send' || typeof value.protocol === 'string') {
    const summary = `handshake ${String(value.protocol)} v${String(value.version)}`;
    return decoded(ID, 'Handshake', summary, { op: 'handshake', hubProtocol: String(value.protocol) }, value, { key: 'handshake', role: 'request' });
  }
  const summary = typeof value.error === 'string' ? `handshake error ${value.error}` : 'handshake ok';
  return decoded(ID, 'HandshakeResponse', summary, { op: 'handshake' }, value, { key: 'handshake', role: 'response' });
}

function describeHub(message: HubMessage, dir: Dir, state: State): DecodedMessage {
  const type = HUB_TYPES[message.type];
  const id = message.invocationId;
  const fields: Record<string, string | number> = { op: type.toLowerCase() };
  if (id !== undefined) fields.id = id;
  let correlation: Correlation | undefined;
  let summary = type;
  let payload: unknown = message;
  const idTail = id !== undefined ? ` (id ${id})` : '';
  switch (message.type) {
    case 1:
    case 4: {
      const target = message.target ?? '?';
      fields.method = target;
      payload = message.arguments ?? [];
      summary = `${type} ${target}${idTail} ${preview(message.arguments ?? [], 60)}`;
      if (id !== undefined) {
        state.invocations.set(`${dir}:${id}`, { target, stream: message.type === 4 });
        correlation = { key: `${dir}:${id}`, role: 'request' };
      }
      break;
    }
    case 2:
    case 3: {
      const call = id !== undefined ? state.invocations.get(`${other(dir)}:${id}`) : undefined;
      if (call) fields.method = call.target;
      const what = message.type === 2 ? preview(message.item, 60) : message.error !== undefined ? `error ${message.error}` : 'result' in message ? preview(message.result, 60) : '';
      summary = `${type}${call ? ` ${call.target}` : ''}${idTail} ${what}`;
      payload = message.type === 2 ? message.item : message.error !== undefined ? { error: message.error } : message.result;
      if (id !== undefined) {
        const role = message.type === 2 ? 'stream' : call?.stream ? 'complete' : 'response';
        if (message.type === 3) state.invocations.delete(`${other(dir)}:${id}`);
        correlation = { key: `${other(dir)}:${id}`, role };
      }
      break;
    }
    case 5: {
      const call = id !== undefined ? state.invocations.get(`${dir}:${id}`) : undefined;
      if (call) fields.method = call.target;
      summary = `${type}${call ? ` ${call.target}` : ''}${idTail}`;
      if (id !== undefined) correlation = { key: `${dir}:${id}`, role: 'complete' };
      break;
    }
    case 7:
      summary = `Close${message.error ? ` ${message.error}` : ''}${message.allowReconnect ? ' (may reconnect)' : ''}`;
      break;
    case 8:
    case 9:
      summary = `${type} ${message.sequenceId ?? ''}`;
      break;
  }
  // Type 6 is the Ping both sides send while idle (every 15 s by default).
  return asHeartbeat(decoded(ID, type, summary, fields, payload, correlation), message.type === 6);
}

function combine(results: DecodedMessage[]): DecodedMessage {
  if (results.length === 0) throw new Error('empty SignalR frame');
  const [first] = results;
  if (results.length === 1) return first;
  const { heartbeat: _heartbeat, ...rest } = first;
  return asHeartbeat(
    {
      ...rest,
      summary: `${first.summary} (+${results.length - 1} message${results.length > 2 ? 's' : ''})`,
      payload: results.map((r) => ({ type: r.type, summary: r.summary, payload: r.payload ?? null })),
    },
    allHeartbeats(results),
  );
}

function decodeFrame(message: DecoderMessage, state: State): DecodedMessage {
  const results: DecodedMessage[] = [];
  if (message.opcode === 1) {
    for (const record of splitRecords(message.text ?? '')) {
      const parsed = parseJson(record);
      if (!parsed.ok) throw new Error(`SignalR JSON message is not JSON: ${parsed.error}`);
      results.push(isRecord(parsed.value) && !('type' in parsed.value) ? describeHandshake(record, message.dir) : describeHub(fromJson(parsed.value), message.dir, state));
    }
    return combine(results);
  }
  let bytes = payloadBytes(message);
  const handshake = splitBinaryHandshake(bytes);
  if (handshake) {
    results.push(describeHandshake(handshake.handshake, message.dir));
    bytes = handshake.rest;
  }
  for (const item of splitLengthPrefixed(bytes)) results.push(describeHub(decodeMsgpackMessage(item), message.dir, state));
  return combine(results);
}

/** The client's handshake: `{"protocol":"json","version":1}` followed by the record separator. */
function isHandshakeRequest(text: string): boolean {
  const handshake = /^\{"protocol":"(json|messagepack)","version":\d+\}/.exec(text);
  return handshake !== null && text.charAt(handshake[0].length) === RECORD_SEPARATOR;
}

export const signalRDecoder: Decoder = {
  id: ID,
  label: 'SignalR',
  detect(connection, firstMessages) {
    const texts = firstTexts(firstMessages);
    let score = 0;
    if (texts.some(isHandshakeRequest)) score += SCORE.SHAPE;
    else if (texts.some((t) => t.endsWith(RECORD_SEPARATOR) && /"type":\d/.test(t))) score += SCORE.HINT;
    // The URL alone says little (hub paths are named freely): it counts while no message says otherwise.
    const urlHint = urlMatches(connection, /hub(\/|\?|$)/i) || urlMatches(connection, /[?&]id=[\w-]{16,}/);
    if (urlHint && (score > 0 || firstMessages.length === 0)) score += SCORE.HINT;
    return score;
  },
  createSession() {
    const state: State = { invocations: new Map() };
    return guardedSession(ID, (message) => decodeFrame(message, state));
  },
};
