import { describe, expect, it } from 'vitest';
import {
  describeJsonPathError,
  findJsonPathSlots,
  isSingularJsonPath,
  jsonChildAt,
  MISSING_JSON_VALUE,
  parseJsonPath,
  readJsonPath,
  resolveJsonPath,
  type JsonPathSegment,
} from '../../../src/lib/json-path';

const key = (k: string) => ({ kind: 'key', key: k }) as const;

function pathOf(text: string): JsonPathSegment[] {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) throw new Error(describeJsonPathError(parsed));
  return parsed.path;
}

describe('parseJsonPath', () => {
  it('parses the whole dialect: keys, quoted keys, indexes, wildcards, descendants', () => {
    expect(parseJsonPath("$.a['b c'][2][*]..d.*..*")).toEqual({
      ok: true,
      path: [key('a'), key('b c'), { kind: 'index', index: 2 }, { kind: 'wildcard' }, { kind: 'descendant', key: 'd' }, { kind: 'wildcard' }, { kind: 'descendantWildcard' }],
    });
    expect(parseJsonPath('$')).toEqual({ ok: true, path: [] });
    expect(parseJsonPath('$["a\\"b"]')).toEqual({ ok: true, path: [key('a"b')] });
    expect(parseJsonPath("$['it\\'s']")).toEqual({ ok: true, path: [key("it's")] });
    expect(parseJsonPath('$..["x-y"]..[*]')).toEqual({ ok: true, path: [{ kind: 'descendant', key: 'x-y' }, { kind: 'descendantWildcard' }] });
  });

  it('reads negative indexes and the keys filters allow', () => {
    expect(parseJsonPath('$.items[-1]')).toEqual({ ok: true, path: [key('items'), { kind: 'index', index: -1 }] });
    expect(parseJsonPath('$["a b"].@type.k-1.0')).toEqual({ ok: true, path: [key('a b'), key('@type'), key('k-1'), key('0')] });
  });

  it.each([
    ['', 'Empty JSON path (write e.g. $.user.role)', 0],
    ['auth.token', 'A JSON path starts with "$"', 0],
    ['$.', 'Expected a key after "." at 1', 1],
    ['$.a.', 'Expected a key after "." at 3', 3],
    ['$..', 'Expected a key or * after ".." at 1', 1],
    ['$..[0]', 'Expected a key or * after ".." at 1', 1],
    ['$[', 'Unterminated "[" at 1', 1],
    ['$[1', 'Unterminated "[" at 1', 1],
    ["$['a", 'Unterminated quote at 2', 2],
    ['$["a"x', 'Expected "]" at 5', 5],
    ['$[a]', 'Bad index "a" (use a number, * or a quoted key) at 2', 2],
    ['$[1x]', 'Bad index "1x" (use a number, * or a quoted key) at 2', 2],
    ['$a', 'Unexpected "a" in JSON path at 1', 1],
    ['$.a=1', 'Unexpected "=": a path here has no comparison at 3', 3],
    ['$.a >= 1', 'Unexpected " " in JSON path at 3', 3],
  ])('rejects %j: %s', (text, message, at) => {
    const parsed = parseJsonPath(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.at).toBe(at);
    expect(describeJsonPathError(parsed)).toBe(message.endsWith(` at ${at}`) ? message : `${message} at ${at}`);
  });
});

describe('readJsonPath', () => {
  it('stops where the path stops, for the caller to read what follows', () => {
    expect(readJsonPath('x $.price>=10', 2)).toEqual({ ok: true, path: [key('price')], end: 9 });
    expect(readJsonPath('$..id|b', 0)).toEqual({ ok: true, path: [{ kind: 'descendant', key: 'id' }], end: 5 });
    expect(readJsonPath('$ rest', 0)).toEqual({ ok: true, path: [], end: 1 });
  });
});

describe('evaluation', () => {
  const doc = { a: [{ b: 1 }, { b: 2 }, { c: 3 }], d: { e: 'x', f: 'y' } };

  it('resolveJsonPath returns every value reached', () => {
    expect(resolveJsonPath(doc, [key('a'), { kind: 'wildcard' }, key('b')])).toEqual([1, 2]);
    expect(resolveJsonPath(doc, [key('d'), { kind: 'wildcard' }])).toEqual(['x', 'y']);
    expect(resolveJsonPath(doc, [key('zzz'), { kind: 'wildcard' }])).toEqual([]);
    expect(resolveJsonPath(doc, [])).toEqual([doc]);
  });

  it('reads numeric keys on arrays as indexes, indexes on objects as keys, negative indexes from the end', () => {
    expect(resolveJsonPath(doc, pathOf('$.a.1.b'))).toEqual([2]);
    expect(resolveJsonPath(doc, pathOf('$.a[-1].c'))).toEqual([3]);
    expect(resolveJsonPath(doc, pathOf('$.a[-4]'))).toEqual([]);
    expect(resolveJsonPath({ 0: 'zero' }, pathOf('$[0]'))).toEqual(['zero']);
    expect(resolveJsonPath([1], pathOf('$.length'))).toEqual([]);
  });

  it('reaches own members only', () => {
    expect(resolveJsonPath({}, pathOf('$.toString'))).toEqual([]);
    expect(resolveJsonPath({}, pathOf('$.constructor'))).toEqual([]);
    expect(resolveJsonPath(JSON.parse('{"__proto__":1}'), pathOf('$.__proto__'))).toEqual([1]);
  });

  it('..key finds the key in every object at any depth, the document included; ..* every value', () => {
    const nested = { id: 1, list: [{ id: 2 }, { x: { id: 3 } }], id2: { id: 4 } };
    expect(resolveJsonPath(nested, pathOf('$..id')).sort()).toEqual([1, 2, 3, 4]);
    expect(resolveJsonPath(nested, pathOf('$.list..id')).sort()).toEqual([2, 3]);
    expect(resolveJsonPath({ a: { b: 1 }, c: [2] }, pathOf('$..*'))).toHaveLength(4); // {b:1}, 1, [2], 2
    expect(resolveJsonPath([{ 0: 'k' }, ['i']], pathOf('$..0'))).toEqual(['k']); // objects only: an array's element is not a key
  });

  it('findJsonPathSlots gives the places to replace; `$` alone has none', () => {
    const value = { a: [1, 2] };
    const slots = findJsonPathSlots(value, pathOf('$.a[*]'));
    expect(slots).toEqual([
      [value.a, 0],
      [value.a, 1],
    ]);
    expect(findJsonPathSlots(value, [])).toEqual([]);
  });

  it('jsonChildAt walks one key or index without allocating, MISSING_JSON_VALUE when absent', () => {
    expect(jsonChildAt({ a: null }, key('a'))).toBeNull();
    expect(jsonChildAt({ a: 1 }, key('b'))).toBe(MISSING_JSON_VALUE);
    expect(jsonChildAt('text', key('length'))).toBe(MISSING_JSON_VALUE);
    expect(jsonChildAt([1, 2], { kind: 'index', index: -1 })).toBe(2);
  });

  it('isSingularJsonPath: keys and indexes only', () => {
    expect(isSingularJsonPath(pathOf('$.a[0]["b"]'))).toBe(true);
    expect(isSingularJsonPath(pathOf('$.a[*]'))).toBe(false);
    expect(isSingularJsonPath(pathOf('$..a'))).toBe(false);
  });
});
