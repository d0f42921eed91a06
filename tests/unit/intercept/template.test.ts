import { describe, expect, it } from 'vitest';
import { compileTemplate, expandTemplate, type TemplateInput } from '../../../src/intercept/template';

function expand(source: string, json: unknown, extra: Partial<TemplateInput> = {}): string {
  const parsed = compileTemplate(source);
  if (!parsed.ok) throw new Error(parsed.error);
  const text = JSON.stringify(json);
  return expandTemplate(parsed.template, {
    json: () => json,
    text: () => text,
    bytes: () => new Uint8Array(Buffer.from(text)),
    base64: () => Buffer.from(text).toString('base64'),
    seq: 3,
    time: 10.6,
    random: 0.25,
    ...extra,
  });
}

describe('templates', () => {
  const message = { id: 7, name: 'ann', tags: ['a', 'b'], nested: { ok: true }, items: [{ id: 1 }, { id: 2 }] };

  it('fills JSON paths: strings raw, other values as JSON', () => {
    expect(expand('{{$.id}} {{ $.name }} {{$.tags}} {{$.nested}} {{$.tags[-1]}}', message)).toBe('7 ann ["a","b"] {"ok":true} b');
  });

  it('quotes with json, and says null or nothing for missing paths', () => {
    expect(expand('{{json $.name}} {{json $.missing}} [{{$.missing}}]', message)).toBe('"ann" null []');
    expect(expand('{{$.id}}', undefined)).toBe('');
  });

  it('collects what a wildcard or .. reaches', () => {
    expect(expand('{{$.items[*].id}}', message)).toBe('[1,2]');
    expect(expand('{{json $.items..id}}', message)).toBe('[1,2]');
  });

  it('fills the other placeholders', () => {
    expect(expand('{{seq}}|{{time}}|{{random}}|{{text}}', { a: 1 })).toBe('3|11|1073741824|{"a":1}');
    expect(expand('{{hex}} {{base64}}', 'hi')).toBe('22 68 69 22 ImhpIg==');
  });

  it('keeps \\{{ as a literal', () => {
    expect(expand('\\{{seq}} {{seq}}', {})).toBe('{{seq}} 3');
    expect(compileTemplate('plain {text}').ok && compileTemplate('plain {text}')).toMatchObject({ template: { constant: true } });
  });

  it('rejects unknown placeholders, unclosed braces and bad paths with positions', () => {
    expect(compileTemplate('a {{who}}')).toEqual({
      ok: false,
      error: 'Unknown placeholder "{{who}}" at 2 (use text, base64, hex, seq, time, random, $.path, json $.path)',
      problem: { code: 'intercept.template.unknown', params: { placeholder: '{{who}}', at: 2, known: 'text, base64, hex, seq, time, random, $.path, json $.path' } },
      at: 2,
    });
    expect(compileTemplate('ab {{text')).toMatchObject({ ok: false, at: 3, problem: { code: 'intercept.template.unclosed', params: { at: 3 } } });
    expect(compileTemplate('{{json   $.a. b}}')).toEqual({ ok: false, error: 'Expected a key after "." at 12', problem: { code: 'lib.path.errorAt', params: { problem: { code: 'lib.path.expectedKey' }, at: 12 } }, at: 12 });
    expect(compileTemplate('{{json   $.a[x]}}')).toMatchObject({ ok: false, error: 'Bad index "x" (use a number, * or a quoted key) at 13', problem: { code: 'lib.path.errorHintAt' }, at: 13 });
  });
});
