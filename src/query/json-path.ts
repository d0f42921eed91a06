/**
 * Reading JSON-path terms: `$`, then segments, then optionally an operator and a value.
 *   `.key`        object member (any characters except blanks and `.[=!<>~|()"`)
 *   `["any key"]` object member with any characters
 *   `[3]`, `[-1]` array element, negative from the end
 *   `[*]`, `.*`   every element / member value
 * Operators: `=` `!=` `~=` `>` `>=` `<` `<=`; none means "exists". Values are quoted or bare;
 * `>` `>=` `<` `<=` need a number.
 */
import { isSpace, readQuoted, readValue, type Scanned } from './scan';
import type { JsonOp, PathSegment } from './types';

/** Whether a `$` at `at` starts a JSON path (`$` alone, `$.`, `$[`), not a word like `$5`. */
export function startsJsonPath(src: string, at: number, depth: number): boolean {
  const next = src[at + 1] ?? '';
  return next === '.' || next === '[' || next === '' || isSpace(next) || next === '|' || (next === ')' && depth > 0) || startsOp(src, at + 1);
}

const KEY_END = new Set(['.', '[', '=', '!', '<', '>', '~', '|', '(', ')', '"']);
const JSON_OPS: readonly JsonOp[] = ['~=', '!=', '>=', '<=', '=', '>', '<'];
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
  const path: PathSegment[] = [];
  let i = start + 1;
  for (;;) {
    const ch = src[i];
    if (ch === '.') {
      if (src[i + 1] === '*') {
        path.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      let end = i + 1;
      while (end < src.length && !isSpace(src[end]) && !KEY_END.has(src[end])) end++;
      if (end === i + 1) return { ok: false, error: 'Expected a key after "."', at: i };
      path.push({ kind: 'key', key: src.slice(i + 1, end) });
      i = end;
    } else if (ch === '[') {
      const seg = readBracket(src, i);
      if (!seg.ok) return seg;
      path.push(seg.segment);
      i = seg.end;
    } else break;
  }
  const pathText = src.slice(start, i);
  const op = JSON_OPS.find((o) => src.startsWith(o, i));
  if (!op) {
    const ch = src[i] ?? '';
    if (ch === '' || isSpace(ch) || ch === '|' || (ch === ')' && depth > 0)) return { ok: true, path, pathText, end: i };
    return { ok: false, error: `Unexpected "${ch}" in JSON path`, at: i };
  }
  const valueAt = i + op.length;
  const v = readValue(src, valueAt, depth);
  if (!v.ok) return v;
  if (v.value === '' && !v.quoted) return { ok: false, error: `Missing value after "${op}"`, at: valueAt };
  if (op !== '=' && op !== '!=' && op !== '~=' && numberOf(v.value) === undefined) {
    return { ok: false, error: `Expected a number after "${op}"`, at: valueAt };
  }
  return { ok: true, path, pathText, op, value: v.value, end: v.end };
}

function readBracket(src: string, start: number): Scanned<{ segment: PathSegment }> {
  if (src[start + 1] === '"') {
    const q = readQuoted(src, start + 1);
    if (!q.ok) return q;
    if (src[q.end] !== ']') return { ok: false, error: 'Expected "]"', at: q.end };
    return { ok: true, segment: { kind: 'key', key: q.value }, end: q.end + 1 };
  }
  const close = src.indexOf(']', start);
  if (close === -1) return { ok: false, error: 'Unterminated "["', at: start };
  const inner = src.slice(start + 1, close);
  if (inner === '*') return { ok: true, segment: { kind: 'wildcard' }, end: close + 1 };
  if (!/^-?\d+$/.test(inner)) return { ok: false, error: `Bad index "${inner}"`, at: start + 1, hint: 'use a number, * or a quoted key' };
  return { ok: true, segment: { kind: 'index', index: Number(inner) }, end: close + 1 };
}
