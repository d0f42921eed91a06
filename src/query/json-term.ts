/**
 * Reading JSON-path terms of a filter: a path (the dialect of src/lib/json-path.ts), then
 * optionally an operator and a value.
 * Operators: `=` `!=` `~=` `>` `>=` `<` `<=`; none means "exists". Values are quoted or bare;
 * `>` `>=` `<` `<=` need a number.
 */
import { JSON_PATH_COMPARISONS, readJsonPath } from '../lib/json-path';
import { isSpace, readValue, type Scanned } from './scan';
import type { JsonOp, PathSegment } from './types';
import { queryTexts } from './texts';

const said = queryTexts.text;

/** Whether a `$` at `at` starts a JSON path (`$` alone, `$.`, `$[`), not a word like `$5`. */
export function startsJsonPath(src: string, at: number, depth: number): boolean {
  const next = src[at + 1] ?? '';
  return next === '.' || next === '[' || next === '' || isSpace(next) || next === '|' || (next === ')' && depth > 0) || startsOp(src, at + 1);
}

const JSON_OPS: readonly JsonOp[] = JSON_PATH_COMPARISONS;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

function startsOp(src: string, at: number): boolean {
  return JSON_OPS.some((op) => src.startsWith(op, at));
}

/** Numeric value of a literal or a JSON string like `"100.5"`; undefined when not a plain number. */
export function numberOf(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

export type JsonTerm = { path: PathSegment[]; pathText: string; op?: JsonOp; value?: string };

/** `start` is at the `$`. */
export function readJsonTerm(src: string, start: number, depth: number): Scanned<JsonTerm> {
  const read = readJsonPath(src, start);
  if (!read.ok) return read;
  const { path, end: i } = read;
  const pathText = src.slice(start, i);
  const op = JSON_OPS.find((o) => src.startsWith(o, i));
  if (!op) {
    const ch = src[i] ?? '';
    if (ch === '' || isSpace(ch) || ch === '|' || (ch === ')' && depth > 0)) return { ok: true, path, pathText, end: i };
    return { ok: false, problem: said('lib.path.unexpected', { char: ch }), at: i };
  }
  const valueAt = i + op.length;
  const v = readValue(src, valueAt, depth);
  if (!v.ok) return v;
  if (v.value === '' && !v.quoted) return { ok: false, problem: said('query.missingAfterOp', { op }), at: valueAt };
  if (op !== '=' && op !== '!=' && op !== '~=' && numberOf(v.value) === undefined) {
    return { ok: false, problem: said('query.numberAfterOp', { op }), at: valueAt };
  }
  return { ok: true, path, pathText, op, value: v.value, end: v.end };
}
