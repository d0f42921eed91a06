/**
 * Evaluating JSON-path terms against a parsed payload. With wildcards a path yields several
 * values and a term holds when any of them satisfies it, except `!=`, which needs the path to
 * exist and no value to be equal (`$.items[*].id!=3`: "there are items and none has id 3").
 * A missing path fails every operator, `!=` included: use `-$.type=x` for "not x, or absent".
 *
 * Value semantics (whether the literal was quoted does not matter):
 *   `=`      number: numeric equality with a numeric literal (`1e2` = 100);
 *            string: exact, case-sensitive; true/false/null: their spelling; objects/arrays: never.
 *   `~=`     case-insensitive contains on the string form of a scalar; on an array, any element.
 *   `> >= < <=`  numbers, and strings holding a plain number (`"100.5"`, as many APIs send prices).
 * Object members are looked up as own properties only (`$.constructor` is not inherited junk).
 */
import { numberOf } from './json-path';
import { containsIgnoringCase } from './text-match';
import type { JsonOp, PathSegment } from './types';

const hasOwn = Object.prototype.hasOwnProperty;
const MISSING = Symbol('missing');

function step(value: unknown, segment: PathSegment): unknown {
  if (typeof value !== 'object' || value === null) return MISSING;
  if (Array.isArray(value)) {
    let index: number;
    if (segment.kind === 'index') index = segment.index;
    else if (segment.kind === 'key' && /^\d+$/.test(segment.key)) index = Number(segment.key); // `$.items.0`
    else return MISSING;
    if (index < 0) index += value.length;
    return index >= 0 && index < value.length ? value[index] : MISSING;
  }
  const key = segment.kind === 'key' ? segment.key : segment.kind === 'index' ? String(segment.index) : '';
  return hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : MISSING;
}

/** Every value the path reaches (none when it does not exist). */
export function resolvePath(root: unknown, path: readonly PathSegment[]): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'wildcard') {
        if (Array.isArray(value)) next.push(...value);
        else if (typeof value === 'object' && value !== null) next.push(...Object.values(value));
      } else {
        const v = step(value, segment);
        if (v !== MISSING) next.push(v);
      }
    }
    if (next.length === 0) return next;
    current = next;
  }
  return current;
}

type ValueTest = (value: unknown) => boolean;

function valueTest(op: Exclude<JsonOp, '!='>, literal: string): ValueTest {
  const num = numberOf(literal);
  switch (op) {
    case '=':
      return (v) =>
        typeof v === 'number' ? v === num : typeof v === 'string' ? v === literal : (typeof v === 'boolean' || v === null) && String(v) === literal;
    case '~=': {
      const contains = containsIgnoringCase(literal);
      const scalar = (v: unknown) => (typeof v === 'object' && v !== null ? false : contains(String(v)));
      return (v) => (Array.isArray(v) ? v.some(scalar) : scalar(v));
    }
    default: {
      const n = num as number; // the parser guarantees a number for ordering operators
      const asNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? numberOf(v.trim()) : undefined);
      const cmp: (a: number) => boolean =
        op === '>' ? (a) => a > n : op === '>=' ? (a) => a >= n : op === '<' ? (a) => a < n : (a) => a <= n;
      return (v) => {
        const a = asNumber(v);
        return a !== undefined && cmp(a);
      };
    }
  }
}

/**
 * Precompiles a JSON term into a test of a parsed payload (`undefined`: the message is not JSON).
 * Paths without wildcards, the common case, walk without allocating.
 */
export function compileJsonTest(path: readonly PathSegment[], op?: JsonOp, literal?: string): (json: unknown) => boolean {
  const test = op === undefined ? () => true : valueTest(op === '!=' ? '=' : op, literal ?? '');
  const negate = op === '!=';
  if (!path.some((s) => s.kind === 'wildcard')) {
    return (json) => {
      if (json === undefined) return false;
      let v: unknown = json;
      for (let i = 0; i < path.length && v !== MISSING; i++) v = step(v, path[i]);
      return v !== MISSING && test(v) !== negate;
    };
  }
  return (json) => {
    if (json === undefined) return false;
    const values = resolvePath(json, path);
    if (values.length === 0) return false;
    return negate ? !values.some(test) : values.some(test);
  };
}

/**
 * Strings the text of a JSON payload must contain for the term to hold, so that rows lacking
 * one are ruled out without JSON.parse (the cost of a JSON-path filter over a million rows).
 * Valid only for a text without backslashes: then every key and string of the parsed value
 * appears in it exactly as `JSON.stringify` writes it. Keys the path names (digits aside: they
 * may be array indexes), and for `=` with a literal that can only equal a string, the value.
 */
export function jsonTermNeedles(path: readonly PathSegment[], op?: JsonOp, literal?: string): string[] {
  const needles: string[] = [];
  for (const segment of path) if (segment.kind === 'key' && !/^\d+$/.test(segment.key)) needles.push(JSON.stringify(segment.key));
  if (op === '=' && literal !== undefined && numberOf(literal) === undefined && literal !== 'true' && literal !== 'false' && literal !== 'null') {
    needles.push(JSON.stringify(literal));
  }
  return needles;
}

/** True when `text` certainly holds no JSON value satisfying a term with these needles. */
export function lacksNeedles(text: string, needles: readonly string[]): boolean {
  if (needles.length === 0 || text.includes('\\')) return false;
  for (const needle of needles) if (!text.includes(needle)) return true;
  return false;
}
