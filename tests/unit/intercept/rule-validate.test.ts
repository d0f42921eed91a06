import { describe, expect, it } from 'vitest';
import { parseRules, serializeRules, setRuleEnabled, validateRule, validateRules, type Rule } from '../../../src/intercept/rules';

const base: Rule = { id: 'r1', name: 'n', enabled: true, direction: 'send', match: '', action: { type: 'block' } };
const withAction = (action: unknown, extra: Partial<Rule> = {}) => ({ ...base, ...extra, action }) as Rule;
/** The coded text of an error (src/lib/coded-text.ts): the code, and the params when given. */
const coded = (code: string, params?: Record<string, unknown>) => (params ? { code, params } : expect.objectContaining({ code }));

describe('validateRule', () => {
  it('accepts every valid kind of rule', () => {
    const actions = [
      { type: 'block' },
      { type: 'replace', find: 'a', replace: 'b' },
      { type: 'replace', find: '(\\d+)', replace: '$1', regex: true, flags: 'iu' },
      { type: 'setJson', path: '$["a b"].c[0]', value: '{"x":[1,2]}' },
      { type: 'replaceHex', find: '0xCAFE', replace: '' },
      { type: 'delay', ms: 0 },
      { type: 'autoReply', format: 'hex', template: 'de ad', delayMs: 10, dropOriginal: true },
    ];
    for (const action of actions) expect(validateRule(withAction(action)), JSON.stringify(action)).toEqual([]);
  });

  it('reports a bad query with its position', () => {
    expect(validateRule({ ...base, match: 'dir:in foo:bar' })).toEqual([
      { field: 'match', message: expect.stringMatching(/^Bad filter: Unknown field "foo" at 7/), problem: coded('intercept.rule.badFilter'), at: 7 },
    ]);
    expect(validateRule({ ...base, match: '(a' })).toEqual([
      { field: 'match', message: 'Bad filter: Unclosed "(" at 0', problem: coded('intercept.rule.badFilter', { problem: coded('query.at', { problem: coded('query.unclosedGroup'), at: 0 }) }), at: 0 },
    ]);
  });

  it('reports bad regexes and flags', () => {
    expect(validateRule(withAction({ type: 'replace', find: 'a[', replace: '', regex: true }))).toEqual([
      { field: 'action.find', message: 'Bad regex: Unterminated character class', problem: coded('intercept.replace.badRegex', { reason: coded('raw', { text: 'Unterminated character class' }) }) },
    ]);
    expect(validateRule(withAction({ type: 'replace', find: 'a', replace: '', regex: true, flags: 'y' }))[0]).toMatchObject({ field: 'action.flags' });
    expect(validateRule(withAction({ type: 'replace', find: 'a', replace: '', regex: true, flags: 'x' }))[0].message).toBe('Unknown regex flag in "x" (use i, m, s, u, v)');
    expect(validateRule(withAction({ type: 'replace', find: '', replace: 'x' }))[0].message).toMatch(/^Nothing to find/);
  });

  it('reports bad JSON paths and values with positions', () => {
    expect(validateRule(withAction({ type: 'setJson', path: 'user.role', value: '1' }))).toEqual([
      { field: 'action.path', message: 'Bad JSON path: A JSON path starts with "$" at 0', problem: coded('intercept.setJson.badPath', { problem: coded('lib.path.errorAt', { problem: coded('lib.path.noDollar'), at: 0 }) }), at: 0 },
    ]);
    expect(validateRule(withAction({ type: 'setJson', path: '$.a[x]', value: '1' }))).toEqual([
      { field: 'action.path', message: 'Bad JSON path: Bad index "x" (use a number, * or a quoted key) at 4', problem: coded('intercept.setJson.badPath'), at: 4 },
    ]);
    expect(validateRule(withAction({ type: 'setJson', path: '$.a=1', value: '1' }))[0].message).toBe('Bad JSON path: Unexpected "=": a path here has no comparison at 3');
    // Writing "at any depth" would change places the rule's author never saw.
    expect(validateRule(withAction({ type: 'setJson', path: '$.a..b', value: '1' }))).toEqual([
      {
        field: 'action.path',
        message: 'Bad JSON path: Set JSON cannot write at ".." (any depth) (name the path, e.g. $.a.b or $.items[*].b) at 3',
        problem: coded('intercept.setJson.badPath', { problem: coded('lib.path.errorHintAt', { problem: coded('intercept.setJson.descendant'), hint: coded('intercept.setJson.descendantHint'), at: 3 }) }),
        at: 3,
      },
    ]);
    expect(validateRule(withAction({ type: 'setJson', path: '$..*', value: '1' }))[0]).toMatchObject({ field: 'action.path', at: 1 });
    expect(validateRule(withAction({ type: 'setJson', path: '$.items[-1].b', value: '1' }))).toEqual([]);
    expect(validateRule(withAction({ type: 'setJson', path: '$.a', value: '{"a":}' }))).toEqual([
      { field: 'action.value', message: 'Bad JSON value: Unexpected token } (line 1, column 6)', problem: coded('intercept.setJson.badValue'), at: 5 },
    ]);
    expect(validateRule(withAction({ type: 'setJson', path: '$.a', value: 'admin' }))[0].message).toBe('Bad JSON value: Unexpected token a (line 1, column 1)');
  });

  it('reports bad templates', () => {
    expect(validateRule(withAction({ type: 'autoReply', format: 'text', template: 'x {{nope}}' }))).toEqual([
      {
        field: 'action.template',
        message: 'Bad template: Unknown placeholder "{{nope}}" at 2 (use text, base64, hex, seq, time, random, $.path, json $.path)',
        problem: coded('intercept.reply.badTemplate', { problem: coded('intercept.template.unknown', { placeholder: '{{nope}}', at: 2, known: 'text, base64, hex, seq, time, random, $.path, json $.path' }) }),
        at: 2,
      },
    ]);
    expect(validateRule(withAction({ type: 'autoReply', format: 'text', template: '{{$.a' }))[0]).toMatchObject({ at: 0, message: expect.stringMatching(/Unclosed "\{\{"/) });
    expect(validateRule(withAction({ type: 'autoReply', format: 'text', template: '{{ $.a[ }}' }))[0]).toMatchObject({ field: 'action.template', at: 6 });
    // Placeholder-free binary templates are checked at once.
    expect(validateRule(withAction({ type: 'autoReply', format: 'hex', template: 'abc' }))[0].message).toBe(
      'Bad hex: Odd number of hex digits in "abc": a byte takes two digits (line 1, column 1)',
    );
    expect(validateRule(withAction({ type: 'autoReply', format: 'text', template: 'x' }, { direction: 'both' }))).toEqual([
      { field: 'direction', message: 'Auto-reply answers messages the page sends: set the direction to "send"', problem: coded('intercept.rule.autoReplyDirection') },
    ]);
  });

  it('reports bad delays and hex', () => {
    expect(validateRule(withAction({ type: 'delay', ms: -1 }))[0]).toEqual({ field: 'action.ms', message: 'The delay must be a number of milliseconds, 0 or more', problem: coded('intercept.delay.invalid') });
    expect(validateRule(withAction({ type: 'delay', ms: 1e9 }))[0].message).toMatch(/at most 600000 ms/);
    expect(validateRule(withAction({ type: 'replaceHex', find: 'zz', replace: '' }))[0]).toMatchObject({ field: 'action.find', at: 0 });
  });

  it('reports shape problems field by field', () => {
    expect(validateRule(null)).toEqual([{ field: 'rule', message: 'A rule must be an object', problem: coded('intercept.rule.notObject') }]);
    expect(validateRule({ id: '', name: 3, enabled: 'yes', direction: 'up', match: 1, action: { type: 'explode' } }).map((e) => e.field)).toEqual([
      'id',
      'name',
      'enabled',
      'direction',
      'match',
      'action.type',
    ]);
    expect(validateRule(withAction({ type: 'replace', find: 1 }))).toEqual([
      { field: 'action.find', message: '"find" must be text', problem: coded('intercept.rule.fieldText', { field: 'find' }) },
      { field: 'action.replace', message: '"replace" must be text', problem: coded('intercept.rule.fieldText', { field: 'replace' }) },
    ]);
  });

  it('finds repeated ids in a list', () => {
    expect(validateRules([base, { ...base }])).toEqual([
      { index: 1, id: 'r1', errors: [{ field: 'id', message: 'Another rule already has the id "r1"', problem: coded('intercept.rule.duplicateId', { id: 'r1' }) }] },
    ]);
  });
});

describe('parseRules / serializeRules', () => {
  const rules: Rule[] = [
    base,
    { id: 'r2', name: 'x', enabled: false, direction: 'both', match: '$.a', action: { type: 'replace', find: '(', replace: '', regex: true } },
  ];

  it('round-trips, keeping well-formed but invalid rules', () => {
    const json = serializeRules(rules);
    expect(JSON.parse(json)).toEqual({ version: 1, rules });
    expect(parseRules(json)).toEqual({ ok: true, rules, skipped: [] });
    expect(parseRules(JSON.parse(json))).toEqual({ ok: true, rules, skipped: [] });
  });

  it('reads bare arrays and nothing stored', () => {
    expect(parseRules(rules)).toMatchObject({ ok: true, rules });
    expect(parseRules(undefined)).toEqual({ ok: true, rules: [], skipped: [] });
  });

  it('skips malformed entries and repeated ids, and drops unknown fields', () => {
    const parsed = parseRules({ version: 1, rules: [{ ...base, extra: 1 }, { nope: true }, base] });
    expect(parsed.ok && parsed.rules).toEqual([base]);
    expect(parsed.ok && parsed.skipped.map((s) => [s.index, s.errors[0].field])).toEqual([
      [1, 'id'],
      [2, 'id'],
    ]);
  });

  it('refuses what is not a rules list', () => {
    expect(parseRules('{')).toEqual({ ok: false, error: 'The rules are not valid JSON', problem: coded('intercept.stored.notJson') });
    expect(parseRules({ rules: [] })).toEqual({ ok: false, error: 'Not a Frameline rules list (no "version")', problem: coded('intercept.stored.noVersion') });
    expect(parseRules({ version: 2, rules: [] })).toMatchObject({ ok: false, error: expect.stringMatching(/newer Frameline/) });
    expect(parseRules({ version: 1 })).toMatchObject({ ok: false });
  });

  it('switches one rule on or off', () => {
    const next = setRuleEnabled(rules, 'r2', true);
    expect(next[1].enabled).toBe(true);
    expect(next[0]).toBe(rules[0]);
    expect(rules[1].enabled).toBe(false);
  });
});
