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
 * What a path reaches (own members only, `.0` on arrays, `[-1]`...) is src/lib/json-path.ts.
 */
import { isSingularJsonPath, jsonChildAt, MISSING_JSON_VALUE, resolveJsonPath } from '../lib/json-path';
import { numberOf } from './json-term';
import { containsIgnoringCase } from './text-match';
import type { JsonOp, PathSegment } from './types';

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
  if (isSingularJsonPath(path)) {
    return (json) => {
      if (json === undefined) return false;
      let v: unknown = json;
      for (let i = 0; i < path.length && v !== MISSING_JSON_VALUE; i++) v = jsonChildAt(v, path[i]);
      return v !== MISSING_JSON_VALUE && test(v) !== negate;
    };
  }
  return (json) => {
    if (json === undefined) return false;
    const values = resolveJsonPath(json, path);
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
  for (const segment of path) {
    // A key on an array may be an index (`$.items.0`); a `..key` is always an object's member.
    if ((segment.kind === 'key' && !/^\d+$/.test(segment.key)) || segment.kind === 'descendant') needles.push(JSON.stringify(segment.key));
  }
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
