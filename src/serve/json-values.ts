/** Comparing parsed JSON values: equal, equal but for the ids a protocol pairs by, same shape. */
import { isRecord } from '../lib/objects';

/** Keys that pair a request with its replies (JSON-RPC and GraphQL over WebSocket `id`, SignalR `invocationId`). */
export const JSON_ID_KEYS: readonly string[] = ['id', 'invocationId'];

/**
 * Keys whose value names a message rather than carrying data: "same shape" compares their values
 * too, so a `{"type":"subscribe"}` is not taken for a `{"type":"complete"}` with the same keys.
 */
export const NAME_KEYS: ReadonlySet<string> = new Set(['type', 'method', 'event', 'action', 'op', 'cmd', 'target', 'operationName', 'query', 'channel', 'topic']);

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isRecord(a) && isRecord(b) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Equal once the top-level pairing ids (of the object, or of each object of a batch) are left out. */
export function jsonEqualButIds(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => topLevelEqualButIds(v, b[i]));
  return topLevelEqualButIds(a, b);
}

function topLevelEqualButIds(a: unknown, b: unknown): boolean {
  if (!isRecord(a) || !isRecord(b) || Array.isArray(a) || Array.isArray(b)) return jsonEqual(a, b);
  const keysA = Object.keys(a).filter((k) => !JSON_ID_KEYS.includes(k));
  const keysB = Object.keys(b).filter((k) => !JSON_ID_KEYS.includes(k));
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Same keys and value kinds, recursively; arrays of the same length element by element; values
 * under NAME_KEYS (and a leading string of an array, Socket.IO's event name) equal.
 */
export function jsonSameShape(a: unknown, b: unknown): boolean {
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    if (typeof a[0] === 'string' && a[0] !== other[0]) return false;
    return a.every((v, i) => jsonSameShape(v, other[i]));
  }
  if (kind === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = Object.keys(ra);
    if (keys.length !== Object.keys(rb).length) return false;
    return keys.every((k) => {
      if (!Object.prototype.hasOwnProperty.call(rb, k)) return false;
      if (NAME_KEYS.has(k) && typeof ra[k] !== 'object') return ra[k] === rb[k];
      return jsonSameShape(ra[k], rb[k]);
    });
  }
  return true;
}
