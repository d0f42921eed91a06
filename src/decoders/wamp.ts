/**
 * WAMP v2 (Autobahn, Crossbar...) in its JSON, MessagePack and CBOR serializations, picked by the
 * sub-protocol (`wamp.2.json`, `wamp.2.msgpack`, `wamp.2.cbor`, and their `.batched` variants);
 * without one, text is JSON and binary is tried as MessagePack then CBOR. The session maps
 * request ids, subscription ids and registration ids back to their topic or procedure, so a
 * RESULT, EVENT or INVOCATION can say what it is about.
 */
import { base64ToBytes, payloadBytes } from '../lib/bytes';
import { jsonShapeScore, otherSubprotocol, subprotocolScore } from './support/detect';
import { cborValue, msgpackValue, tryDecode } from './support/binary-formats';
import { requireText } from './support/input';
import { binaryView, isRecord, parseJson, toJsonValue } from './support/json-value';
import { decoded, guardedSession, preview } from './support/result';
import { WAMP } from './wamp-messages';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'wamp';
const SUBPROTOCOLS = ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor', 'wamp.2.json.batched', 'wamp.2.msgpack.batched', 'wamp.2.cbor.batched'];
type Dir = DecoderMessage['dir'];
type Serialization = 'json' | 'msgpack' | 'cbor' | 'auto';

interface State {
  requests: Map<string, { name: string; uri?: string }>;
  subscriptions: Map<string, string>;
  registrations: Map<string, string>;
}

const other = (dir: Dir): Dir => (dir === 'send' ? 'receive' : 'send');
const key = (value: unknown) => (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint' ? String(value) : undefined);

/** WAMP-JSON carries binary as a string: NUL, then base64. */
function reviveJsonBinary(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('\u0000')) {
    try {
      return binaryView(base64ToBytes(value.slice(1)));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(reviveJsonBinary);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveJsonBinary(v)]));
  return value;
}

function jsonMessages(text: string, batched: boolean): unknown[] {
  const parts = batched ? text.split('\u001e').filter((part) => part !== '') : [text];
  return parts.map((part) => {
    const parsed = parseJson(part);
    if (!parsed.ok) throw new Error(`WAMP-JSON message is not JSON: ${parsed.error}`);
    return reviveJsonBinary(parsed.value);
  });
}

/** Batched binary serializations prefix each message with its length, 4 bytes big-endian. */
function binaryMessages(bytes: Uint8Array, decode: (b: Uint8Array) => unknown, batched: boolean): unknown[] {
  if (!batched) return [decode(bytes)];
  const out: unknown[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    if (offset + 4 > bytes.length) throw new Error('WAMP batch length prefix cut short');
    const size = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    if (offset + 4 + size > bytes.length) throw new Error('WAMP batched message cut short');
    out.push(decode(bytes.subarray(offset + 4, offset + 4 + size)));
    offset += 4 + size;
  }
  return out;
}

function decodeValues(message: DecoderMessage, serialization: Serialization, batched: boolean): unknown[] {
  if (serialization === 'json' || (serialization === 'auto' && message.opcode === 1)) return jsonMessages(requireText(message, 'WAMP-JSON'), batched);
  const bytes = payloadBytes(message);
  if (serialization === 'msgpack') return binaryMessages(bytes, msgpackValue, batched);
  if (serialization === 'cbor') return binaryMessages(bytes, cborValue, batched);
  const msgpack = tryDecode(msgpackValue, bytes);
  if (msgpack.ok && Array.isArray(msgpack.value)) return [msgpack.value];
  return [cborValue(bytes)];
}

function describe(value: unknown, dir: Dir, state: State): DecodedMessage {
  if (!Array.isArray(value) || typeof value[0] !== 'number') throw new Error('not a WAMP message (an array starting with its type code)');
  const code = value[0];
  const layout = WAMP[code];
  if (!layout) throw new Error(`unknown WAMP message type ${code}`);
  const { name } = layout;
  const req = layout.request !== undefined ? key(value[layout.request]) : undefined;
  const fields: Record<string, string | number> = { op: name.toLowerCase() };
  if (req !== undefined) fields.id = req;
  const details = layout.details !== undefined && isRecord(value[layout.details]) ? (value[layout.details] as Record<string, unknown>) : undefined;
  let uri = layout.uri !== undefined && typeof value[layout.uri] === 'string' ? (value[layout.uri] as string) : undefined;
  let correlation: Correlation | undefined;
  let about = '';
  const requestKey = `${dir}:${req}`;
  const answerKey = `${other(dir)}:${req}`;
  const asked = req !== undefined && layout.role === 'response' ? state.requests.get(answerKey) : undefined;

  switch (name) {
    case 'HELLO':
      fields.realm = uri ?? '';
      correlation = { key: 'session', role: 'request' };
      break;
    case 'WELCOME':
      fields.session = key(value[1]) ?? '';
      about = `session ${fields.session}`;
      correlation = { key: 'session', role: 'response' };
      break;
    case 'ABORT':
      correlation = { key: 'session', role: 'response' };
      break;
    case 'ERROR':
      fields.error = uri ?? '';
      fields.requestType = WAMP[value[1] as number]?.name ?? String(value[1]);
      about = `${fields.requestType}${asked?.uri ? ` ${asked.uri}` : ''}`;
      break;
    case 'EVENT':
      fields.subscription = key(value[1]) ?? '';
      uri = state.subscriptions.get(String(fields.subscription));
      about = `(sub ${fields.subscription})`;
      break;
    case 'INVOCATION':
      fields.registration = key(value[2]) ?? '';
      uri = state.registrations.get(String(fields.registration));
      break;
    case 'UNSUBSCRIBE':
      uri = state.subscriptions.get(key(value[2]) ?? '');
      break;
    case 'UNREGISTER':
      uri = state.registrations.get(key(value[2]) ?? '');
      break;
  }
  if (layout.role === 'request' && req !== undefined) {
    state.requests.set(requestKey, { name, uri });
    correlation = { key: requestKey, role: 'request' };
  }
  if (layout.role === 'response' && req !== undefined) {
    if (name !== 'ERROR') uri = asked?.uri;
    if (name === 'SUBSCRIBED' && asked?.uri) state.subscriptions.set(key(value[2]) ?? '', asked.uri);
    if (name === 'REGISTERED' && asked?.uri) state.registrations.set(key(value[2]) ?? '', asked.uri);
    const progress = details?.progress === true;
    if (!progress) state.requests.delete(answerKey);
    correlation = { key: answerKey, role: progress ? 'stream' : 'response' };
  }
  const rpc = /CALL|RESULT|REGISTER|INVOCATION|YIELD|CANCEL|INTERRUPT/.test(name) || asked?.name === 'CALL' || asked?.name === 'REGISTER';
  if (uri && name !== 'ERROR' && name !== 'ABORT' && name !== 'GOODBYE' && name !== 'HELLO') fields[rpc ? 'method' : 'topic'] = uri;
  if ((name === 'ABORT' || name === 'GOODBYE') && uri) fields.reason = uri;

  const args = layout.args !== undefined ? value[layout.args] : undefined;
  // An empty ArgumentsKw says nothing: routers often send `{}` for "none".
  const rawKwargs = layout.args !== undefined ? value[layout.args + 1] : undefined;
  const kwargs = isRecord(rawKwargs) && Object.keys(rawKwargs).length === 0 ? undefined : rawKwargs;
  const shown = name === 'ERROR' ? uri : uri && name !== 'EVENT' ? uri : undefined;
  const parts = [name, name === 'EVENT' ? (uri ?? '') : (shown ?? ''), about, req !== undefined ? `(req ${req})` : ''];
  if (args !== undefined || kwargs !== undefined) parts.push(preview(kwargs !== undefined ? { args: args ?? [], kwargs } : args, 60));
  const payload =
    args !== undefined || kwargs !== undefined
      ? { args: args ?? [], ...(kwargs !== undefined ? { kwargs } : {}), ...(details && Object.keys(details).length ? { details } : {}) }
      : (details ?? value.slice(1));
  return decoded(ID, name, parts.filter(Boolean).join(' '), fields, toJsonValue(payload), correlation);
}

/**
 * Detection without a sub-protocol (WAMP requires one, but a capture may miss it): the session
 * opening, HELLO `[1, realm, {roles}]` from the client or WELCOME `[2, session, {roles}]` from
 * the router. Both must carry the `roles` their details require: `[1, "x", {...}]` alone is any
 * array feed.
 */
function isSessionOpening(value: unknown, dir: DecoderMessage['dir']): boolean {
  if (!Array.isArray(value) || value.length !== 3 || !isRecord(value[2]) || !isRecord(value[2].roles)) return false;
  if (value[0] === 1) return dir === 'send' && typeof value[1] === 'string';
  return value[0] === 2 && dir === 'receive' && Number.isInteger(value[1]);
}

export const wampDecoder: Decoder = {
  id: ID,
  label: 'WAMP',
  detect(connection, firstMessages) {
    if (otherSubprotocol(connection, SUBPROTOCOLS)) return 0;
    let score = subprotocolScore(connection, SUBPROTOCOLS);
    score += jsonShapeScore(firstMessages, isSessionOpening);
    return score;
  },
  createSession(connection) {
    const protocol = (connection.protocol ?? '').toLowerCase();
    const serialization: Serialization = protocol.includes('json') ? 'json' : protocol.includes('msgpack') ? 'msgpack' : protocol.includes('cbor') ? 'cbor' : 'auto';
    const batched = protocol.endsWith('.batched');
    const state: State = { requests: new Map(), subscriptions: new Map(), registrations: new Map() };
    return guardedSession(ID, (message) => {
      const values = decodeValues(message, serialization, batched);
      const results = values.map((value) => describe(value, message.dir, state));
      if (results.length === 0) throw new Error('empty WAMP batch');
      const [first] = results;
      if (results.length === 1) return first;
      return { ...first, summary: `${first.summary} (+${results.length - 1} more)`, payload: results.map((r) => ({ type: r.type, summary: r.summary, payload: r.payload ?? null })) };
    });
  },
};
