/**
 * JSON paths: the one dialect users write in filters (`$.type=trade`), intercept rules (their
 * match, set-JSON actions and reply templates) and redaction rules. Same syntax, same meaning and
 * same error messages everywhere; a feature that cannot use a construct says so when the path is
 * checked (set-JSON refuses `..`, see src/intercept/json-set.ts).
 *
 *   $               the whole document
 *   .key            object member; a bare key runs until a blank or one of  . [ " = ! < > ~ | ( )
 *   ["key"] ['key'] object member with any characters (`\` escapes the next character)
 *   [n]  [-1]       array element, negative from the end
 *   [*]  .*         every element of an array, every member value of an object
 *   ..key           `key` of every object at any depth, the document included (also ..["key"])
 *   ..*  ..[*]      every value at any depth
 *
 * Reading is lenient in one way, everywhere: a numeric key on an array is an index (`$.items.0`)
 * and an index on an object is a key (`$[0]` reads member "0"). Members are own properties only
 * (`$.constructor` is not inherited junk).
 *
 * In a filter a comparison may follow the path (`$.price>=10`): that is why a bare key stops at
 * `=`, `!`, `<`, `>` and `~`; where a path stands alone, a comparison after it is an error.
 */

import type { CodedText } from './coded-text';
import { libTexts } from './texts';

const { text: said, english } = libTexts;

export type JsonPathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'descendant'; key: string }
  | { kind: 'descendantWildcard' };

/** A segment that names one place: a key or an index. */
export type SingularJsonPathSegment = Extract<JsonPathSegment, { kind: 'key' | 'index' }>;

/**
 * `at` is the offset in the text to blame; `hint` says what would be right, when that helps. Both
 * are coded texts (`lib.path.*` in texts.ts): `describeJsonPathError` says it all in English.
 */
export type JsonPathError = { ok: false; problem: CodedText; at: number; hint?: CodedText };
export type JsonPathRead = { ok: true; path: JsonPathSegment[]; end: number } | JsonPathError;
export type JsonPathParse = { ok: true; path: JsonPathSegment[] } | JsonPathError;

/** What a filter may write after a path, longest first so that `>=` is not read as `>`. */
export const JSON_PATH_COMPARISONS = ['~=', '!=', '>=', '<=', '=', '>', '<'] as const;

const KEY_END = new Set(['.', '[', '"', '=', '!', '<', '>', '~', '|', '(', ')']);

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0';
}

function readKey(src: string, start: number): string {
  let end = start;
  while (end < src.length && !isBlank(src[end]) && !KEY_END.has(src[end])) end++;
  return src.slice(start, end);
}

/** `"..."` or `'...'`, `\` escaping the next character. `start` is at the quote. */
function readQuotedKey(src: string, start: number): { ok: true; key: string; end: number } | JsonPathError {
  const quote = src[start];
  let key = '';
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === quote) return { ok: true, key, end: i + 1 };
    if (ch === '\\' && i + 1 < src.length) key += src[++i];
    else key += ch;
  }
  return { ok: false, problem: said('lib.path.unterminatedQuote'), at: start };
}

type BracketRead = { ok: true; segment: JsonPathSegment; end: number } | JsonPathError;

/** `["key"]`, `['key']`, `[*]`, `[n]`; `start` is at the `[`. */
function readBracket(src: string, start: number): BracketRead {
  const first = src[start + 1];
  if (first === '"' || first === "'") {
    const quoted = readQuotedKey(src, start + 1);
    if (!quoted.ok) return quoted;
    if (src[quoted.end] !== ']') return { ok: false, problem: said('lib.path.expectedBracket'), at: quoted.end };
    return { ok: true, segment: { kind: 'key', key: quoted.key }, end: quoted.end + 1 };
  }
  const close = src.indexOf(']', start);
  if (close === -1) return { ok: false, problem: said('lib.path.unterminatedBracket'), at: start };
  const inner = src.slice(start + 1, close);
  if (inner === '*') return { ok: true, segment: { kind: 'wildcard' }, end: close + 1 };
  if (!/^-?\d+$/.test(inner)) return { ok: false, problem: said('lib.path.badIndex', { index: inner }), at: start + 1, hint: said('lib.path.badIndexHint') };
  return { ok: true, segment: { kind: 'index', index: Number(inner) }, end: close + 1 };
}

/**
 * Reads the path that starts at `start` (a `$`) and stops where its segments stop: at the end,
 * a blank, a comparison, or anything else that cannot continue it. The caller judges what follows.
 */
export function readJsonPath(src: string, start: number): JsonPathRead {
  const path: JsonPathSegment[] = [];
  let i = start + 1;
  for (;;) {
    const ch = src[i];
    if (ch === '.' && src[i + 1] === '.') {
      const after = i + 2;
      const descendantError: JsonPathError = { ok: false, problem: said('lib.path.expectedDescendant'), at: i };
      if (src[after] === '*') {
        path.push({ kind: 'descendantWildcard' });
        i = after + 1;
      } else if (src[after] === '[') {
        const bracket = readBracket(src, after);
        if (!bracket.ok) return bracket;
        if (bracket.segment.kind === 'wildcard') path.push({ kind: 'descendantWildcard' });
        else if (bracket.segment.kind === 'key') path.push({ kind: 'descendant', key: bracket.segment.key });
        else return descendantError;
        i = bracket.end;
      } else {
        const key = readKey(src, after);
        if (key === '') return descendantError;
        path.push({ kind: 'descendant', key });
        i = after + key.length;
      }
    } else if (ch === '.') {
      if (src[i + 1] === '*') {
        path.push({ kind: 'wildcard' });
        i += 2;
        continue;
      }
      const key = readKey(src, i + 1);
      if (key === '') return { ok: false, problem: said('lib.path.expectedKey'), at: i };
      path.push({ kind: 'key', key });
      i += 1 + key.length;
    } else if (ch === '[') {
      const bracket = readBracket(src, i);
      if (!bracket.ok) return bracket;
      path.push(bracket.segment);
      i = bracket.end;
    } else return { ok: true, path, end: i };
  }
}

/** A text that is one path and nothing else (redaction rules, set-JSON actions, templates). */
export function parseJsonPath(text: string): JsonPathParse {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problem: said('lib.path.empty'), at: 0 };
  if (text[0] !== '$') return { ok: false, problem: said('lib.path.noDollar'), at: 0 };
  const read = readJsonPath(text, 0);
  if (!read.ok) return read;
  if (read.end === text.length) return { ok: true, path: read.path };
  const comparison = JSON_PATH_COMPARISONS.find((op) => text.startsWith(op, read.end));
  if (comparison) return { ok: false, problem: said('lib.path.noComparison', { op: comparison }), at: read.end };
  return { ok: false, problem: said('lib.path.unexpected', { char: text[read.end] }), at: read.end };
}

/** One line for the user: `Bad index "x" (use a number, * or a quoted key) at 4`. */
export function describeJsonPathError(problem: JsonPathError): string {
  return english(jsonPathErrorText(problem));
}

/** `describeJsonPathError` as coded text. */
export function jsonPathErrorText({ problem, hint, at }: JsonPathError): CodedText {
  return hint ? said('lib.path.errorHintAt', { problem, hint, at }) : said('lib.path.errorAt', { problem, at });
}

/** The path names at most one place: no wildcard, no `..`. */
export function isSingularJsonPath(path: readonly JsonPathSegment[]): path is readonly SingularJsonPathSegment[] {
  return path.every((s) => s.kind === 'key' || s.kind === 'index');
}

// ------------------------------------------------------------------------------------ evaluation

export type JsonContainer = Record<string, unknown> | unknown[];
/** A place holding a value: `holder[key]`, for callers that replace what a path selects. */
export type JsonSlot = [holder: JsonContainer, key: string | number];

const hasOwn = Object.prototype.hasOwnProperty;

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** Array position a key or index segment names (`[2]`, `[-1]`, `.0`), if it exists. */
function arrayIndex(array: readonly unknown[], segment: SingularJsonPathSegment): number | undefined {
  let index: number;
  if (segment.kind === 'index') index = segment.index;
  else if (/^\d+$/.test(segment.key)) index = Number(segment.key);
  else return undefined;
  if (index < 0) index += array.length;
  return index >= 0 && index < array.length ? index : undefined;
}

/** `value` itself and every container below it, depth first. */
function eachContainer(value: unknown, visit: (container: JsonContainer) => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isContainer(current)) continue;
    visit(current);
    const children = Array.isArray(current) ? current : Object.values(current);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function eachChild(container: JsonContainer, visit: (holder: JsonContainer, key: string | number) => void): void {
  if (Array.isArray(container)) for (let i = 0; i < container.length; i++) visit(container, i);
  else for (const key of Object.keys(container)) visit(container, key);
}

/** Calls `visit` with every place one segment selects below `value` (none when `value` is a scalar). */
export function eachJsonPathSlot(value: unknown, segment: JsonPathSegment, visit: (holder: JsonContainer, key: string | number) => void): void {
  if (!isContainer(value)) return;
  switch (segment.kind) {
    case 'key':
    case 'index':
      if (Array.isArray(value)) {
        const index = arrayIndex(value, segment);
        if (index !== undefined) visit(value, index);
      } else {
        const key = segment.kind === 'key' ? segment.key : String(segment.index);
        if (hasOwn.call(value, key)) visit(value, key);
      }
      return;
    case 'wildcard':
      eachChild(value, visit);
      return;
    case 'descendant':
      eachContainer(value, (container) => {
        if (!Array.isArray(container) && hasOwn.call(container, segment.key)) visit(container, segment.key);
      });
      return;
    case 'descendantWildcard':
      eachContainer(value, (container) => eachChild(container, visit));
      return;
  }
}

/** What `jsonChildAt` returns where there is nothing (a member may hold null, so null cannot say it). */
export const MISSING_JSON_VALUE: unique symbol = Symbol('missing');

/** The value one key or index segment reaches, without allocating; `MISSING_JSON_VALUE` when none. */
export function jsonChildAt(value: unknown, segment: SingularJsonPathSegment): unknown {
  if (!isContainer(value)) return MISSING_JSON_VALUE;
  if (Array.isArray(value)) {
    const index = arrayIndex(value, segment);
    return index === undefined ? MISSING_JSON_VALUE : value[index];
  }
  const key = segment.kind === 'key' ? segment.key : String(segment.index);
  return hasOwn.call(value, key) ? value[key] : MISSING_JSON_VALUE;
}

function valuesOf(values: readonly unknown[], segment: JsonPathSegment): unknown[] {
  const next: unknown[] = [];
  for (const value of values) eachJsonPathSlot(value, segment, (holder, key) => next.push((holder as Record<string | number, unknown>)[key]));
  return next;
}

/** Every value the path reaches (none when it does not exist; `$` alone: the document). */
export function resolveJsonPath(root: unknown, path: readonly JsonPathSegment[]): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path) {
    current = valuesOf(current, segment);
    if (current.length === 0) break;
  }
  return current;
}

/** Every place the path selects, to replace what is there. `$` alone has no place: the caller replaces the document. */
export function findJsonPathSlots(root: unknown, path: readonly JsonPathSegment[]): JsonSlot[] {
  if (path.length === 0) return [];
  const holders = resolveJsonPath(root, path.slice(0, -1));
  const slots: JsonSlot[] = [];
  for (const holder of holders) eachJsonPathSlot(holder, path[path.length - 1], (h, key) => slots.push([h, key]));
  return slots;
}
