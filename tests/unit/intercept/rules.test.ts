import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/protocol/records';
import { createRuleEngine, ruleKind, type Rule, type RuleAction } from '../../../src/intercept/rules';
import { binary, bytesOf, text } from './fixtures';

let n = 0;
function rule(action: RuleAction, extra: Partial<Rule> = {}): Rule {
  n++;
  return { id: `r${n}`, name: `rule ${n}`, enabled: true, direction: 'both', match: '', action, ...extra };
}

function applyOne(r: Rule, message: MessageRecord, context = {}) {
  return createRuleEngine([r], context).apply(message);
}

describe('no rule acting', () => {
  it('delivers the same object, unmarked', () => {
    const m = text('hello');
    const outcome = createRuleEngine([rule({ type: 'block' }, { match: 'nothing-like-this' })]).apply(m);
    expect(outcome.verdict).toBe('deliver');
    expect(outcome.message).toBe(m);
    expect(outcome).toMatchObject({ changed: false, delayMs: 0, replies: [], acted: [], marks: {}, problems: [] });
  });

  it('knows when no rule is enabled, so callers can skip it', () => {
    expect(createRuleEngine([]).active).toBe(false);
    expect(createRuleEngine([rule({ type: 'block' }, { enabled: false })]).active).toBe(false);
    expect(createRuleEngine([rule({ type: 'block' })]).active).toBe(true);
  });
});

describe('block', () => {
  it('drops matching messages and names the rule', () => {
    const r = rule({ type: 'block' }, { match: '$.type=ping', name: 'no pings' });
    const outcome = applyOne(r, text('{"type":"ping"}'));
    expect(outcome.verdict).toBe('drop');
    expect(outcome.droppedBy).toEqual({ id: r.id, name: 'no pings' });
    expect(outcome.marks).toEqual({ blocked: true, rules: [{ id: r.id, name: 'no pings' }], rule: 'no pings' });
    expect(applyOne(r, text('{"type":"pong"}')).verdict).toBe('deliver');
  });

  it('honours the direction', () => {
    const r = rule({ type: 'block' }, { direction: 'receive' });
    expect(applyOne(r, text('x', { dir: 'send' })).verdict).toBe('deliver');
    expect(applyOne(r, text('x', { dir: 'receive' })).verdict).toBe('drop');
  });

  it('first block wins: later rules are not looked at', () => {
    const first = rule({ type: 'block' });
    const second = rule({ type: 'block' });
    const after = rule({ type: 'delay', ms: 100 });
    const outcome = createRuleEngine([first, second, after]).apply(text('x'));
    expect(outcome.droppedBy?.id).toBe(first.id);
    expect(outcome.acted.map((r) => r.id)).toEqual([first.id]);
    expect(outcome.delayMs).toBe(0);
  });
});

describe('replace', () => {
  it('replaces every occurrence of plain text, case-sensitively, with a literal $', () => {
    const outcome = applyOne(rule({ type: 'replace', find: 'a', replace: '$1' }), text('banana A'));
    expect(outcome.message.text).toBe('b$1n$1n$1 A');
    expect(outcome.changed).toBe(true);
    expect(outcome.message.size).toBe(Buffer.byteLength('b$1n$1n$1 A'));
    expect(outcome.marks).toMatchObject({ rewritten: true });
  });

  it('supports regexes with groups, named groups and flags', () => {
    const groups = applyOne(rule({ type: 'replace', find: '"user":"(\\w+)"', replace: '"user":"$1-x"', regex: true }), text('{"user":"bob"}'));
    expect(groups.message.text).toBe('{"user":"bob-x"}');
    const named = applyOne(rule({ type: 'replace', find: '(?<w>cat)', replace: '[$<w>]', regex: true, flags: 'i' }), text('Cat cat'));
    expect(named.message.text).toBe('[Cat] [cat]');
  });

  it('is the same rule every time (no lastIndex left behind)', () => {
    const engine = createRuleEngine([rule({ type: 'replace', find: 'o', replace: '0', regex: true, flags: 'g' })]);
    expect(engine.apply(text('foo')).message.text).toBe('f00');
    expect(engine.apply(text('boo')).message.text).toBe('b00');
  });

  it('has not acted when nothing changed, and leaves binary messages alone', () => {
    const r = rule({ type: 'replace', find: 'zzz', replace: 'y' });
    const outcome = applyOne(r, text('abc'));
    expect(outcome.acted).toEqual([]);
    expect(outcome.marks).toEqual({});
    const bin = binary([0x7a, 0x7a, 0x7a]);
    expect(applyOne(r, bin).message).toBe(bin);
  });

  it('drops `truncated`: the payload it delivers is whole', () => {
    const outcome = applyOne(rule({ type: 'replace', find: 'a', replace: 'b' }), text('aaa', { truncated: true, size: 10 }));
    expect(outcome.message.truncated).toBeUndefined();
    expect(outcome.message.size).toBe(3);
  });
});

describe('setJson', () => {
  it('sets a nested field to a JSON value', () => {
    const outcome = applyOne(rule({ type: 'setJson', path: '$.user.role', value: '"admin"' }), text('{"user":{"role":"guest","id":1}}'));
    expect(JSON.parse(outcome.message.text!)).toEqual({ user: { role: 'admin', id: 1 } });
  });

  it('creates missing members and objects on the way', () => {
    const outcome = applyOne(rule({ type: 'setJson', path: '$.meta.trace', value: '{"on":true}' }), text('{"a":1}'));
    expect(JSON.parse(outcome.message.text!)).toEqual({ a: 1, meta: { trace: { on: true } } });
  });

  it('sets every element a wildcard reaches, and array indexes from the end', () => {
    const all = applyOne(rule({ type: 'setJson', path: '$.items[*].price', value: '0' }), text('{"items":[{"price":5},{"price":7}]}'));
    expect(JSON.parse(all.message.text!)).toEqual({ items: [{ price: 0 }, { price: 0 }] });
    const last = applyOne(rule({ type: 'setJson', path: '$[-1]', value: 'null' }), text('[1,2,3]'));
    expect(last.message.text).toBe('[1,2,null]');
  });

  it('replaces the whole document with $', () => {
    expect(applyOne(rule({ type: 'setJson', path: '$', value: '{"mock":true}' }), text('{"real":1}')).message.text).toBe('{"mock":true}');
  });

  it('does not act on non-JSON, missing array elements, scalars on the way or equal values', () => {
    const r = (path: string, value = '1') => rule({ type: 'setJson', path, value });
    expect(applyOne(r('$.a'), text('not json')).acted).toEqual([]);
    expect(applyOne(r('$.a[5]'), text('{"a":[1]}')).acted).toEqual([]);
    expect(applyOne(r('$.a.b'), text('{"a":3}')).acted).toEqual([]);
    const same = text('{ "a" : 1 }');
    expect(applyOne(r('$.a'), same).message).toBe(same); // formatting kept when nothing changes
  });

  it('writes __proto__ as a member, never as a prototype', () => {
    const outcome = applyOne(rule({ type: 'setJson', path: '$.__proto__', value: '{"polluted":true}' }), text('{}'));
    expect(outcome.message.text).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to re-encode a message whose integers JavaScript cannot hold', () => {
    const m = text('{"id":12345678901234567890,"role":"guest"}');
    const outcome = applyOne(rule({ type: 'setJson', path: '$.role', value: '"admin"' }), m);
    expect(outcome.message).toBe(m);
    expect(outcome.problems[0].error).toMatch(/integers beyond 2\^53/);
    // As strings, big ids are safe.
    expect(applyOne(rule({ type: 'setJson', path: '$.role', value: '"admin"' }), text('{"id":"12345678901234567890","role":"g"}')).changed).toBe(true);
  });
});

describe('replaceHex', () => {
  it('replaces every occurrence of bytes in binary messages, with a different length', () => {
    const outcome = applyOne(rule({ type: 'replaceHex', find: 'ca fe', replace: '0xBEEF00' }), binary([1, 0xca, 0xfe, 2, 0xca, 0xfe]));
    expect(bytesOf(outcome.message)).toEqual([1, 0xbe, 0xef, 0, 2, 0xbe, 0xef, 0]);
    expect(outcome.message.size).toBe(8);
    const removed = applyOne(rule({ type: 'replaceHex', find: '00', replace: '' }), binary([0, 1, 0]));
    expect(bytesOf(removed.message)).toEqual([1]);
  });

  it('leaves text messages alone', () => {
    const m = text('cafe');
    expect(applyOne(rule({ type: 'replaceHex', find: 'ca fe', replace: '00' }), m).message).toBe(m);
  });
});

describe('delay', () => {
  it('adds the delays of several rules and marks the total', () => {
    const outcome = createRuleEngine([rule({ type: 'delay', ms: 100 }), rule({ type: 'delay', ms: 250 })]).apply(text('x'));
    expect(outcome.verdict).toBe('deliver');
    expect(outcome.delayMs).toBe(350);
    expect(outcome.marks.delayedMs).toBe(350);
    expect(outcome.acted).toHaveLength(2);
  });
});

describe('autoReply', () => {
  const context = { now: () => 1_700_000_000_123.4, random: () => 0.5 };

  it('answers an outgoing message with a templated text reply', () => {
    const r = rule(
      { type: 'autoReply', format: 'text', template: '{"id":{{$.id}},"echo":{{json $.name}},"n":{{seq}},"t":{{time}},"r":{{random}}}', delayMs: 20 },
      { direction: 'send', match: '$.op=get', name: 'mock get' },
    );
    const engine = createRuleEngine([r], context);
    const m = text('{"op":"get","id":7,"name":"a \\"b\\""}');
    const outcome = engine.apply(m);
    expect(outcome.verdict).toBe('deliver'); // still sent to the server
    expect(outcome.replies).toHaveLength(1);
    const reply = outcome.replies[0];
    expect(JSON.parse(reply.payload.text!)).toEqual({ id: 7, echo: 'a "b"', n: 1, t: 1_700_000_000_123, r: 2147483648 });
    expect(reply.delayMs).toBe(20);
    expect(reply.marks).toEqual({ autoReply: true, inReplyTo: m.seq, rules: [{ id: r.id, name: 'mock get' }], rule: 'mock get' });
    expect(outcome.marks.rule).toBe('mock get');
    // {{seq}} counts this rule's replies.
    expect(JSON.parse(engine.apply(text('{"op":"get","id":8}')).replies[0].payload.text!).n).toBe(2);
  });

  it('can answer instead of the server', () => {
    const r = rule({ type: 'autoReply', format: 'text', template: 'pong', dropOriginal: true }, { direction: 'send', match: 'ping' });
    const after = rule({ type: 'delay', ms: 5 });
    const outcome = createRuleEngine([r, after]).apply(text('ping'));
    expect(outcome.verdict).toBe('drop');
    expect(outcome.droppedBy?.id).toBe(r.id);
    expect(outcome.replies[0].payload).toEqual({ opcode: 1, text: 'pong' });
    expect(outcome.acted.map((a) => a.id)).toEqual([r.id]);
  });

  it('keeps replies produced before a later block', () => {
    const reply = rule({ type: 'autoReply', format: 'text', template: 'ok' }, { direction: 'send' });
    const block = rule({ type: 'block' });
    const outcome = createRuleEngine([reply, block]).apply(text('x'));
    expect(outcome.verdict).toBe('drop');
    expect(outcome.replies).toHaveLength(1);
  });

  it('builds binary replies from hex and base64 templates', () => {
    const hex = applyOne(rule({ type: 'autoReply', format: 'hex', template: '01 {{hex}} ff' }, { direction: 'send' }), binary([0xab, 0xcd]));
    expect(bytesOf(hex.replies[0].payload)).toEqual([1, 0xab, 0xcd, 0xff]);
    const b64 = applyOne(rule({ type: 'autoReply', format: 'base64', template: '{{base64}}' }, { direction: 'send' }), text('hi'));
    expect(b64.replies[0].payload).toEqual({ opcode: 2, base64: Buffer.from('hi').toString('base64') });
  });

  it('reports a reply that expands to bad hex, and lets the message go', () => {
    const outcome = applyOne(rule({ type: 'autoReply', format: 'hex', template: '{{text}}' }, { direction: 'send' }), text('xyz'));
    expect(outcome.verdict).toBe('deliver');
    expect(outcome.replies).toEqual([]);
    expect(outcome.acted).toEqual([]);
    expect(outcome.problems[0].error).toMatch(/^The reply is not valid hex: "x" is not a hex digit \(line 1, column 1\)$/);
  });

  it('marks a reply as the auto-reply to its message, by its rule', () => {
    const m = text('{"id":1}', { connId: 'doc:3' });
    const outcome = applyOne(rule({ type: 'autoReply', format: 'text', template: 'é' }, { direction: 'send' }), m);
    expect(outcome.replies[0].payload).toEqual({ opcode: 1, text: 'é' });
    expect(outcome.replies[0].marks).toEqual({ autoReply: true, inReplyTo: m.seq, rules: [outcome.replies[0].rule], rule: outcome.replies[0].marks.rule });
    expect(outcome.replies[0].marks.rule).toBeTruthy();
  });
});

describe('several rules', () => {
  it('chain rewrites, and later rules match what earlier ones wrote', () => {
    const a = rule({ type: 'replace', find: 'guest', replace: 'admin' }, { name: 'promote' });
    const b = rule({ type: 'setJson', path: '$.checked', value: 'true' }, { match: '$.role=admin', name: 'flag admins' });
    const c = rule({ type: 'delay', ms: 50 }, { match: 'checked', name: 'slow' });
    const outcome = createRuleEngine([a, b, c]).apply(text('{"role":"guest"}'));
    expect(JSON.parse(outcome.message.text!)).toEqual({ role: 'admin', checked: true });
    expect(outcome.acted.map((r) => r.name)).toEqual(['promote', 'flag admins', 'slow']);
    expect(outcome.marks).toEqual({ rules: outcome.acted, rule: 'promote, flag admins, slow', rewritten: true, delayedMs: 50 });
  });

  it('switch on and off one by one, without rebuilding', () => {
    const a = rule({ type: 'replace', find: 'a', replace: 'b' });
    const b = rule({ type: 'replace', find: 'b', replace: 'c' }, { enabled: false });
    const engine = createRuleEngine([a, b]);
    expect(engine.apply(text('a')).message.text).toBe('b');
    expect(engine.setEnabled(b.id, true)).toBe(true);
    expect(engine.apply(text('a')).message.text).toBe('c');
    engine.setEnabled(a.id, false);
    expect(engine.apply(text('a')).message.text).toBe('a');
    expect(engine.setEnabled('nope', true)).toBe(false);
  });

  it('skips invalid rules and says why, running the others', () => {
    const bad = rule({ type: 'replace', find: '(', replace: '', regex: true });
    const good = rule({ type: 'block' });
    const engine = createRuleEngine([bad, good]);
    expect(engine.invalid).toEqual([
      { rule: { id: bad.id, name: bad.name }, errors: [{ field: 'action.find', message: 'Bad regex: Unterminated group', problem: { code: 'intercept.replace.badRegex', params: { reason: { code: 'raw', params: { text: 'Unterminated group' } } } } }] },
    ]);
    expect(engine.apply(text('x')).verdict).toBe('drop');
  });

  it('use the match context for url: terms', () => {
    const r = rule({ type: 'block' }, { match: 'url:chat' });
    const engine = createRuleEngine([r], { match: { connectionOf: (id) => (id === 'c1' ? ({ url: 'wss://chat.example' } as never) : undefined) } });
    expect(engine.apply(text('x')).verdict).toBe('drop');
    expect(engine.apply(text('x', { connId: 'c2' })).verdict).toBe('deliver');
  });

  it('never lets a throwing filter context escape', () => {
    const r = rule({ type: 'block' }, { match: 'url:chat' });
    const engine = createRuleEngine([r], { match: { connectionOf: () => { throw new Error('boom'); } } });
    const outcome = engine.apply(text('x'));
    expect(outcome.verdict).toBe('deliver');
    expect(outcome.problems).toEqual([{ rule: { id: r.id, name: r.name }, error: 'boom', problem: { code: 'raw', params: { text: 'boom' } } }]);
  });
});

it('groups actions by kind', () => {
  expect(ruleKind({ type: 'setJson', path: '$', value: '1' })).toBe('rewrite');
  expect(ruleKind({ type: 'autoReply', format: 'text', template: '' })).toBe('autoReply');
});
