/**
 * JSON-RPC 2.0: requests `{jsonrpc, method, params?, id}`, notifications (no id), responses
 * `{jsonrpc, result | error, id}`, and batches (arrays of those). Either side may send requests
 * (LSP, Ethereum subscriptions...), so the pairing key includes the side that asked; the session
 * remembers methods by id so a response can name the method it answers.
 */
import { jsonShapeScore } from './support/detect';
import { requireText } from './support/input';
import { idOf, isRecord, parseJson } from './support/json-value';
import { decoded, guardedSession, preview } from './support/result';
import type { Correlation, DecodedMessage, Decoder, DecoderMessage } from './types';

const ID = 'json-rpc';
type Dir = DecoderMessage['dir'];
const other = (dir: Dir): Dir => (dir === 'send' ? 'receive' : 'send');

interface Item {
  kind: 'request' | 'notification' | 'result' | 'error';
  id?: string;
  method?: string;
  summary: string;
  payload: unknown;
}

function item(value: unknown, dir: Dir, methods: Map<string, string>): Item {
  if (!isRecord(value)) throw new Error('JSON-RPC message is not an object');
  if (value.jsonrpc !== '2.0') throw new Error('not JSON-RPC 2.0 ("jsonrpc": "2.0" missing)');
  const id = idOf(value.id);
  const idTail = id !== undefined ? ` (id ${id})` : '';
  if (typeof value.method === 'string') {
    if (id === undefined) return { kind: 'notification', method: value.method, summary: `${value.method} ${preview(value.params ?? [], 60)}`, payload: value.params ?? null };
    methods.set(`${dir}:${id}`, value.method);
    return { kind: 'request', id, method: value.method, summary: `${value.method}${idTail} ${preview(value.params ?? [], 60)}`, payload: value.params ?? null };
  }
  const method = id !== undefined ? methods.get(`${other(dir)}:${id}`) : undefined;
  // Answered: forget it, so long-lived connections do not accumulate every id ever used.
  if (id !== undefined) methods.delete(`${other(dir)}:${id}`);
  if ('error' in value) {
    const error = isRecord(value.error) ? value.error : {};
    return { kind: 'error', id, method, summary: `error ${String(error.code ?? '')} ${String(error.message ?? '')}${method ? ` ${method}` : ''}${idTail}`, payload: value.error };
  }
  if ('result' in value) return { kind: 'result', id, method, summary: `result${method ? ` ${method}` : ''}${idTail} ${preview(value.result, 60)}`, payload: value.result };
  throw new Error('JSON-RPC message with neither method, result nor error');
}

function describe(value: unknown, dir: Dir, methods: Map<string, string>): DecodedMessage {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new Error('empty JSON-RPC batch');
    const items = value.map((v) => item(v, dir, methods));
    const asks = items.filter((i) => i.kind === 'request');
    const answers = items.filter((i) => (i.kind === 'result' || i.kind === 'error') && i.id !== undefined);
    // A batch is answered by a batch holding the same ids, in any order: the sorted ids are its key.
    const ids = (asks.length ? asks : answers).map((i) => i.id!).sort();
    const correlation: Correlation | undefined = ids.length ? { key: `${asks.length ? dir : other(dir)}:batch:${ids.join(',')}`, role: asks.length ? 'request' : 'response' } : undefined;
    const methodsList = [...new Set(items.map((i) => i.method).filter(Boolean))].join(', ');
    return decoded(ID, 'batch', `batch (${items.length}) ${methodsList}`, { op: 'batch', method: items[0].method ?? '' }, items.map((i) => ({ kind: i.kind, id: i.id ?? null, method: i.method ?? null, value: i.payload })), correlation);
  }
  const one = item(value, dir, methods);
  const fields: Record<string, string | number> = { op: one.kind };
  if (one.method) fields.method = one.method;
  if (one.id !== undefined) fields.id = one.id;
  let correlation: Correlation | undefined;
  if (one.kind === 'request') correlation = { key: `${dir}:${one.id}`, role: 'request' };
  else if (one.id !== undefined && one.kind !== 'notification') correlation = { key: `${other(dir)}:${one.id}`, role: 'response' };
  return decoded(ID, one.kind, one.summary, fields, one.payload, correlation);
}

/**
 * Detection: a top-level `"jsonrpc": "2.0"` with a method, result or error (or a batch of such).
 * `{"id":1,"method":"x"}` alone is any RPC-ish JSON feed; the version member is what JSON-RPC 2.0
 * requires in every message, and found nested in another message it says nothing.
 */
function isJsonRpcMessage(value: unknown): boolean {
  return isRecord(value) && value.jsonrpc === '2.0' && (typeof value.method === 'string' || 'result' in value || 'error' in value);
}

export const jsonRpcDecoder: Decoder = {
  id: ID,
  label: 'JSON-RPC 2.0',
  detect(_connection, firstMessages) {
    return jsonShapeScore(firstMessages, (value) => (Array.isArray(value) ? value.length > 0 && value.every(isJsonRpcMessage) : isJsonRpcMessage(value)));
  },
  createSession() {
    const methods = new Map<string, string>();
    return guardedSession(ID, (message) => {
      const parsed = parseJson(requireText(message, 'JSON-RPC'));
      if (!parsed.ok) throw new Error(`not JSON: ${parsed.error}`);
      return describe(parsed.value, message.dir, methods);
    });
  },
};
