import { describe, expect, it } from 'vitest';
import { parseJsonPath, replaceJsonPaths } from '../../../src/logs/redaction-path';

function redact(document: unknown, ...paths: string[]): unknown {
  const steps = paths.map((p) => {
    const parsed = parseJsonPath(p);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.steps;
  });
  return replaceJsonPaths(structuredClone(document), steps, 'R').value;
}

const doc = {
  auth: { token: 't', user: 'u' },
  data: [{ password: 'p1', id: 1 }, { password: 'p2', id: 2, nested: { token: 'deep' } }],
  'x-key': 'dash',
  "it's": 'quote',
  token: 'top',
};

describe('parseJsonPath', () => {
  it('parses the supported syntax', () => {
    expect(parseJsonPath("$.a['b c'][2][*]..d.*..*")).toEqual({
      ok: true,
      steps: [
        { kind: 'child', name: 'a' },
        { kind: 'child', name: 'b c' },
        { kind: 'index', index: 2 },
        { kind: 'wildcard' },
        { kind: 'descendant', name: 'd' },
        { kind: 'wildcard' },
        { kind: 'descendantWildcard' },
      ],
    });
    expect(parseJsonPath('$')).toEqual({ ok: true, steps: [] });
    expect(parseJsonPath('$["a\\"b"]')).toEqual({ ok: true, steps: [{ kind: 'child', name: 'a"b' }] });
  });

  it.each([
    ['', 'the path is empty'],
    ['auth.token', 'a path starts with "$"'],
    ['$.', 'expected a name after "." at position 2'],
    ['$..', 'expected a name after ".." at position 3'],
    ['$[', 'unclosed "[" at position 2'],
    ["$['a", 'unclosed quote at position 4'],
    ['$[1', 'unclosed "[" at position 3'],
    ['$[-1]', 'negative indexes are not supported at position 2'],
    ['$[a]', 'unexpected "a" in brackets at position 2'],
    ['$[1x]', 'expected "]" but found "x" at position 3'],
    ['$a', 'unexpected "a" at position 1'],
    ['$..[0]', '"..[n]" is not supported at position 3'],
  ])('rejects %j: %s', (path, error) => {
    expect(parseJsonPath(path)).toEqual({ ok: false, error });
  });
});

describe('replaceJsonPaths', () => {
  it('$.a.b replaces one child', () => {
    expect(redact(doc, '$.auth.token')).toMatchObject({ auth: { token: 'R', user: 'u' }, token: 'top' });
  });

  it("['key'] reaches names dots cannot", () => {
    expect(redact(doc, "$['x-key']", '$["it\'s"]')).toMatchObject({ 'x-key': 'R', "it's": 'R' });
  });

  it('[n] and [*] select array elements', () => {
    expect((redact(doc, '$.data[1].password') as typeof doc).data.map((d) => d.password)).toEqual(['p1', 'R']);
    expect((redact(doc, '$.data[*].password') as typeof doc).data.map((d) => d.password)).toEqual(['R', 'R']);
    expect(redact([1, 2, 3], '$[5]')).toEqual([1, 2, 3]);
  });

  it('..key finds the key at any depth, including the top', () => {
    const out = redact(doc, '$..token') as any;
    expect([out.token, out.auth.token, out.data[1].nested.token]).toEqual(['R', 'R', 'R']);
    expect(out.auth.user).toBe('u');
  });

  it('.* and ..* replace children and everything', () => {
    expect(redact({ a: { b: 1 }, c: 2 }, '$.*')).toEqual({ a: 'R', c: 'R' });
    expect(redact({ a: { b: 1 }, c: [2] }, '$.a..*')).toEqual({ a: { b: 'R' }, c: [2] });
  });

  it('$ replaces the whole document; missing paths change nothing', () => {
    expect(redact({ a: 1 }, '$')).toBe('R');
    const result = replaceJsonPaths({ a: 1 }, [[{ kind: 'child', name: 'zzz' }]], 'R');
    expect(result).toEqual({ value: { a: 1 }, changed: false });
  });

  it('does not treat arrays as objects or reach inherited properties', () => {
    expect(redact({ a: [1] }, '$.a.length')).toEqual({ a: [1] });
    expect(redact({}, '$.toString')).toEqual({});
  });
});
