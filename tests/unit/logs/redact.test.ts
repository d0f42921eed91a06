import { describe, expect, it } from 'vitest';
import { createRedactor, InvalidRedactionRulesError, redactText, type RedactionRule } from '../../../src/logs/redact';
import { createHarExport } from '../../../src/logs/export-har';
import { createSampleSession } from './sample-session';

describe('redactText', () => {
  it('regex rules replace every match', () => {
    expect(redactText('card 4111-1111 and 4222-2222', [{ kind: 'regex', pattern: '\\d{4}-\\d{4}' }])).toBe('card REDACTED and REDACTED');
    expect(redactText('Token=abc', [{ kind: 'regex', pattern: '(?<=token=)\\w+', flags: 'i' }])).toBe('Token=REDACTED');
  });

  it('jsonPath rules replace values and re-serialize compactly, only when something matched', () => {
    expect(redactText('{ "auth": { "token": "t" }, "n": 1 }', [{ kind: 'jsonPath', path: '$.auth.token' }])).toBe('{"auth":{"token":"REDACTED"},"n":1}');
    expect(redactText('{ "n": 1 }', [{ kind: 'jsonPath', path: '$.auth.token' }])).toBe('{ "n": 1 }');
    expect(redactText('not json {', [{ kind: 'jsonPath', path: '$..token' }])).toBe('not json {');
    expect(redactText('[{"password":"a"},{"password":"b"}]', [{ kind: 'jsonPath', path: '$[*].password' }])).toBe('[{"password":"REDACTED"},{"password":"REDACTED"}]');
  });

  it('applies jsonPath rules first, then regex rules', () => {
    const rules: RedactionRule[] = [{ kind: 'regex', pattern: 'bob' }, { kind: 'jsonPath', path: '$.pin' }];
    expect(redactText('{"pin":1234,"user":"bob"}', rules)).toBe('{"pin":"REDACTED","user":"REDACTED"}');
  });

  it('throws InvalidRedactionRulesError for bad rules', () => {
    expect(() => redactText('x', [{ kind: 'regex', pattern: '[' }])).toThrow(InvalidRedactionRulesError);
  });
});

describe('createRedactor', () => {
  it('reports every invalid rule with a message naming it', () => {
    const result = createRedactor([
      { kind: 'regex', pattern: '(' },
      { kind: 'regex', pattern: 'a*' },
      { kind: 'regex', pattern: 'x', flags: 'q' },
      { kind: 'regex', pattern: '' },
      { kind: 'jsonPath', path: '$.a[' , label: 'API token' },
      { kind: 'glob', pattern: '*' } as unknown as RedactionRule,
      { kind: 'regex', pattern: 'fine' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.errors[0].message).toMatch(/^Redaction rule 1 \(regex \/\(\/\): Invalid regular expression/);
    expect(result.errors[1].message).toBe('Redaction rule 2 (regex /a*/): matches empty text');
    expect(result.errors[2].message).toMatch(/^Redaction rule 3 \(regex \/x\/q\): Invalid flags/);
    expect(result.errors[3].message).toBe('Redaction rule 4 (regex //): the pattern is empty');
    expect(result.errors[4].message).toBe('Redaction rule 5 "API token" (jsonPath $.a[): Unterminated "[" at 3');
    expect(result.errors[5].message).toBe('Redaction rule 6: unknown kind "glob"; expected "regex" or "jsonPath"');
    expect(result.errors[5].rule).toEqual({ kind: 'glob', pattern: '*' });
  });

  it('an empty rule list is a no-op', () => {
    const result = createRedactor([]);
    expect(result.ok && result.redactor.isEmpty && result.redactor.redactText('x')).toBe('x');
  });
});

describe('redaction in exports', () => {
  it('applies to text payloads and leaves binary payloads untouched', () => {
    const session = createSampleSession();
    const before = session.messages.find((m) => m.opcode === 2)!.base64;
    const har = createHarExport(session, { sanitize: false, redactions: [{ kind: 'regex', pattern: '[A-Za-z]' }] });
    const items = har.log.entries[0]._webSocketMessages!;
    expect(items.find((m) => m.opcode === 2)!.data).toBe(before);
    expect(items.find((m) => m._frameline?.seq === 9)!.data).toBe('REDACTED'.repeat(4));
    expect(items.find((m) => m._frameline?.seq === 9)!._frameline!.size).toBe(4); // original size kept
    expect(har.log._frameline!.redactionRules).toBe(1);
  });
});

/** The document after the jsonPath rules, with REDACTED shortened to R. */
function redact(document: unknown, ...paths: string[]): unknown {
  const text = redactText(JSON.stringify(document), paths.map((path) => ({ kind: 'jsonPath', path })));
  return JSON.parse(text, (_key, value) => (value === 'REDACTED' ? 'R' : value));
}

const doc = {
  auth: { token: 't', user: 'u' },
  data: [{ password: 'p1', id: 1 }, { password: 'p2', id: 2, nested: { token: 'deep' } }],
  'x-key': 'dash',
  "it's": 'quote',
  token: 'top',
};

describe('jsonPath rules select', () => {
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
    expect(redactText('{ "a": 1 }', [{ kind: 'jsonPath', path: '$.zzz' }, { kind: 'jsonPath', path: '$.a.b' }])).toBe('{ "a": 1 }');
  });

  it('[-1] replaces the last element; .0 reads an array index', () => {
    expect(redact({ a: [1, 2, 3] }, '$.a[-1]')).toEqual({ a: [1, 2, 'R'] });
    expect((redact(doc, '$.data.0.password') as typeof doc).data.map((d) => d.password)).toEqual(['R', 'p2']);
  });

  it('does not treat arrays as objects or reach inherited properties', () => {
    expect(redact({ a: [1] }, '$.a.length')).toEqual({ a: [1] });
    expect(redact({}, '$.toString')).toEqual({});
  });
});
