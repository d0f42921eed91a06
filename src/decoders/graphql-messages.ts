/**
 * What the two GraphQL-over-WebSocket protocols share: JSON `{ type, id?, payload? }` messages,
 * operations started by the client under an id, and results streamed back under that id. The
 * protocols differ in the type names only, given as a table of roles. The session remembers each
 * id's operation, so `next`/`data`/`complete` can name the operation they belong to.
 */
import { operationOf, type OperationInfo } from './graphql-operation';
import { requireText } from './support/input';
import { idOf, isRecord, parseJson, str } from './support/json-value';
import { asHeartbeat, decoded, guardedSession, preview } from './support/result';
import type { CorrelationRole, DecodedMessage, DecoderMessage, DecoderSession } from './types';

export interface GraphQlProtocol {
  id: string;
  /** Message type -> its role in an operation's exchange (types absent here are connection-level). */
  operationRoles: Record<string, CorrelationRole>;
  /** Connection-level types answering `connection_init`. */
  initResponses: string[];
  /** All known types, to reject other JSON. */
  types: string[];
  /** Connection-level keep-alives (`ping`/`pong`, the legacy `ka`). */
  keepAlives: string[];
}

/**
 * Detection evidence both protocols share. A `{"type":"subscribe"}` or `{"type":"data"}` alone is
 * what many plain JSON feeds send: an operation start must carry a string `id` and a
 * `payload.query`, a result a string `id` and a `payload` with `data` or `errors`.
 */
export function isOperationStart(value: unknown, type: string): boolean {
  return isRecord(value) && value.type === type && typeof value.id === 'string' && isRecord(value.payload) && typeof value.payload.query === 'string';
}

export function isOperationResult(value: unknown, type: string): boolean {
  return isRecord(value) && value.type === type && typeof value.id === 'string' && isRecord(value.payload) && ('data' in value.payload || 'errors' in value.payload);
}

/** A connection-level message of one of `types`, with nothing beside its optional object payload. */
export function isConnectionMessage(value: unknown, types: readonly string[]): boolean {
  if (!isRecord(value) || typeof value.type !== 'string' || !types.includes(value.type)) return false;
  const payload = value.payload;
  return Object.keys(value).every((key) => key === 'type' || key === 'payload') && (payload === undefined || payload === null || isRecord(payload));
}

function operationLabel(info: OperationInfo | undefined): string {
  if (!info) return '';
  return info.name ?? `(anonymous ${info.type})`;
}

function errorText(payload: unknown): string {
  const first = Array.isArray(payload) ? payload[0] : payload;
  if (isRecord(first) && typeof first.message === 'string') return first.message;
  return preview(payload, 60);
}

function describe(protocol: GraphQlProtocol, message: DecoderMessage, operations: Map<string, OperationInfo>): DecodedMessage {
  const parsed = parseJson(requireText(message, 'GraphQL over WebSocket'));
  if (!parsed.ok) throw new Error(`not JSON: ${parsed.error}`);
  const value = parsed.value;
  if (!isRecord(value) || typeof value.type !== 'string') throw new Error('not a GraphQL WebSocket message (no "type")');
  const { type, payload } = value;
  if (!protocol.types.includes(type)) throw new Error(`unknown ${protocol.id} message type ${JSON.stringify(type)}`);
  const id = idOf(value.id);
  const fields: Record<string, string | number> = { op: type };
  if (type === 'connection_init') return decoded(protocol.id, type, type, fields, payload, { key: 'connection_init', role: 'request' });
  if (protocol.initResponses.includes(type)) return decoded(protocol.id, type, `${type}${payload !== undefined ? ` ${preview(payload, 60)}` : ''}`, fields, payload, { key: 'connection_init', role: 'response' });
  const role = protocol.operationRoles[type];
  if (!role || id === undefined) return asHeartbeat(decoded(protocol.id, type, type, fields, payload), protocol.keepAlives.includes(type));
  fields.id = id;
  let operation = operations.get(id);
  if (role === 'request') {
    const query = isRecord(payload) ? str(payload.query) : undefined;
    operation = query !== undefined ? operationOf(query, isRecord(payload) ? str(payload.operationName) : undefined) : undefined;
    if (operation) operations.set(id, operation);
  }
  if (operation) {
    fields.operationType = operation.type;
    if (operation.name) fields.operationName = operation.name;
  }
  // The server ended the operation: forget it (ids are reused, connections live long).
  if (message.dir === 'receive' && (role === 'complete' || role === 'response')) operations.delete(id);
  const name = operationLabel(operation);
  let tail = '';
  if (role === 'stream') tail = ` ${preview(payload, 60)}`;
  if (type === 'error') tail = ` ${errorText(payload)}`;
  return decoded(protocol.id, type, `${type}${name ? ` ${name}` : ''} (id ${id})${tail}`, fields, payload, { key: id, role });
}

export function createGraphQlSession(protocol: GraphQlProtocol): DecoderSession {
  const operations = new Map<string, OperationInfo>();
  return guardedSession(protocol.id, (message) => describe(protocol, message, operations));
}
