/**
 * JSON paths for rules: reading them (the filter language's own syntax, so `$.user.role`,
 * `$["a b"]`, `$.items[0]`, `$.items[-1]`, `$.items[*].price` mean the same in a rule's match
 * and in its action) and setting values at them.
 */
import { readJsonTerm } from '../query/json-path';
import type { PathSegment } from '../query/types';

export type PathParse = { ok: true; path: PathSegment[] } | { ok: false; error: string; at: number };

/** A bare path: `$` and segments, no operator, nothing after it. */
export function parseValuePath(text: string): PathParse {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'Empty JSON path (write e.g. $.user.role)', at: 0 };
  if (text[0] !== '$') return { ok: false, error: 'A JSON path starts with "$"', at: 0 };
  const term = readJsonTerm(text, 0, 0);
  if (!term.ok) return { ok: false, error: `${term.error}${term.hint ? ` (${term.hint})` : ''}`, at: term.at };
  if (term.op !== undefined) return { ok: false, error: `Unexpected "${term.op}": a path here has no comparison`, at: term.pathText.length };
  if (term.end !== text.length) return { ok: false, error: `Unexpected "${text[term.end]}" in JSON path`, at: term.end };
  return { ok: true, path: term.path };
}

const hasOwn = Object.prototype.hasOwnProperty;
type Container = Record<string, unknown> | unknown[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Array position a segment names (`[2]`, `[-1]`, or a numeric key as in `$.items.0`), if any. */
function arrayIndex(array: unknown[], segment: PathSegment): number | undefined {
  let index: number;
  if (segment.kind === 'index') index = segment.index;
  else if (segment.kind === 'key' && /^\d+$/.test(segment.key)) index = Number(segment.key);
  else return undefined;
  if (index < 0) index += array.length;
  return index >= 0 && index < array.length ? index : undefined;
}

/** The slots (parent and key) a segment reaches in `parent`; `create` makes a missing object member. */
function slots(parent: unknown, segment: PathSegment, createMissing: boolean): [Container, string | number][] {
  if (Array.isArray(parent)) {
    if (segment.kind === 'wildcard') return parent.map((_, i) => [parent, i]);
    const index = arrayIndex(parent, segment);
    return index === undefined ? [] : [[parent, index]];
  }
  if (!isObject(parent)) return [];
  if (segment.kind === 'wildcard') return Object.keys(parent).map((k) => [parent, k]);
  const key = segment.kind === 'key' ? segment.key : String(segment.index);
  return hasOwn.call(parent, key) || (createMissing && segment.kind === 'key') ? [[parent, key]] : [];
}

/**
 * Own data property, even for `__proto__`: plain assignment would call the inherited setter and
 * change the object's prototype instead of adding a member that JSON.stringify writes out.
 */
function put(container: Container, key: string | number, value: unknown): void {
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
export function setAtPath(root: unknown, path: readonly PathSegment[], value: unknown): boolean {
  let parents: unknown[] = [root];
  for (let i = 0; i < path.length - 1; i++) {
    const next: unknown[] = [];
    const createChild = path[i + 1].kind === 'key'; // only objects are invented, never arrays
    for (const parent of parents) {
      for (const [container, key] of slots(parent, path[i], createChild)) {
        let child: unknown = hasOwn.call(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;
        if (!hasOwn.call(container, key) && isObject(container)) put(container, key, (child = {}));
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
