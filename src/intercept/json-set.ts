/**
 * Setting values at JSON paths, for the set-JSON rule action. Paths are the one dialect of
 * src/lib/json-path.ts (`$.user.role`, `$["a b"]`, `$.items[-1]`, `$.items[*].price` mean the same
 * in a rule's match, in its action and in a filter), except that `..` is refused here: a rule
 * that writes "at any depth" would change places its author never saw.
 */
import { isRecord } from '../lib/objects';
import { interceptTexts } from './texts';
import { eachJsonPathSlot, parseJsonPath, type JsonContainer, type JsonPathParse, type JsonPathSegment } from '../lib/json-path';

/** A path set-JSON can write at: the dialect's checks, then no `..`. */
export function parseSettablePath(text: string): JsonPathParse {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) return parsed;
  const descendant = parsed.path.findIndex((s) => s.kind === 'descendant' || s.kind === 'descendantWildcard');
  if (descendant !== -1) {
    const said = interceptTexts.text;
    return { ok: false, problem: said('intercept.setJson.descendant'), at: text.indexOf('..'), hint: said('intercept.setJson.descendantHint') };
  }
  return parsed;
}

const hasOwn = Object.prototype.hasOwnProperty;

const isContainer = (v: unknown): v is JsonContainer => typeof v === 'object' && v !== null;

/** The slots (parent and key) a segment reaches in `parent`; `createMissing` makes a missing object member. */
function slots(parent: unknown, segment: JsonPathSegment, createMissing: boolean): [JsonContainer, string | number][] {
  const found: [JsonContainer, string | number][] = [];
  eachJsonPathSlot(parent, segment, (holder, key) => found.push([holder, key]));
  if (found.length === 0 && createMissing && segment.kind === 'key' && isRecord(parent)) found.push([parent, segment.key]);
  return found;
}

/**
 * Own data property, even for `__proto__`: plain assignment would call the inherited setter and
 * change the object's prototype instead of adding a member that JSON.stringify writes out.
 */
function put(container: JsonContainer, key: string | number, value: unknown): void {
  Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Sets `value` at every place `path` reaches in `root` (mutating it) and says whether anything
 * changed. Semantics, chosen so that a rule never destroys data it was not aimed at:
 *   - a missing object member (named by a key) is created, and so are missing objects on the way
 *     (`$.meta.trace` on `{}` gives `{"meta":{"trace":...}}`) -- only where the parent is an object;
 *   - array elements must exist (`[5]` on a 3-element array does nothing), as must wildcard targets;
 *   - a scalar on the way is never replaced by an object: the path simply does not apply.
 * `$` alone is handled by the caller (it replaces the whole document).
 */
export function setAtPath(root: unknown, path: readonly JsonPathSegment[], value: unknown): boolean {
  let parents: unknown[] = [root];
  for (let i = 0; i < path.length - 1; i++) {
    const next: unknown[] = [];
    const createChild = path[i + 1].kind === 'key'; // only objects are invented, never arrays
    for (const parent of parents) {
      for (const [container, key] of slots(parent, path[i], createChild)) {
        let child: unknown = hasOwn.call(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;
        if (!hasOwn.call(container, key) && isRecord(container)) put(container, key, (child = {}));
        if (isContainer(child)) next.push(child);
      }
    }
    parents = next;
    if (parents.length === 0) return false;
  }
  const last = path[path.length - 1];
  const serialized = JSON.stringify(value);
  let changed = false;
  for (const parent of parents) {
    for (const [container, key] of slots(parent, last, true)) {
      const target = container as Record<string | number, unknown>;
      const had = hasOwn.call(target, key);
      if (!had || JSON.stringify(target[key]) !== serialized) {
        put(container, key, value);
        changed = true;
      }
    }
  }
  return changed;
}

/**
 * Whether a JSON text holds integers JavaScript numbers cannot represent (beyond 2^53, such as
 * 64-bit ids). Rewriting such a message through JSON.parse/stringify would change those numbers
 * somewhere the rule did not aim at, so rules refuse to and say why. Strings are skipped: ids
 * sent as strings are safe.
 */
export function hasUnsafeIntegers(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      // A whole number token; only plain integers are checked (fractions are floats anyway).
      let end = i + 1;
      while (end < n && /[0-9.eE+-]/.test(text[end])) end++;
      const token = text.slice(i, end);
      if (token.length >= 16 && /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) return true;
      i = end - 1;
    }
  }
  return false;
}
