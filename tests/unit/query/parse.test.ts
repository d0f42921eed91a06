import { describe, expect, it } from 'vitest';
import { parseQuery, type QueryNode } from '../../../src/query';

function parse(text: string): QueryNode {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  expect(result.query.source).toBe(text);
  return result.query.root;
}

function problem(text: string): { error: string; at: number } {
  const result = parseQuery(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return { error: result.error, at: result.at };
}

describe('parseQuery: terms', () => {
  it('reads nothing as everything', () => {
    expect(parse('')).toEqual({ kind: 'all', at: 0 });
    expect(parse('   ').kind).toBe('all');
  });

  it('reads plain words and quoted phrases, with escapes', () => {
    expect(parse('hello')).toEqual({ kind: 'text', at: 0, value: 'hello' });
    expect(parse('  "a b"')).toEqual({ kind: 'text', at: 2, value: 'a b' });
    expect(parse('"say \\"hi\\" \\\\ ok"')).toMatchObject({ value: 'say "hi" \\ ok' });
    expect(parse('""')).toMatchObject({ kind: 'text', value: '' });
  });

  it('keeps punctuation that is not syntax inside words', () => {
    expect(parse('a=b')).toMatchObject({ kind: 'text', value: 'a=b' });
    expect(parse('foo>3')).toMatchObject({ kind: 'text', value: 'foo>3' });
    expect(parse('12:30')).toMatchObject({ kind: 'text', value: '12:30' });
    expect(parse('wss://example.com/chat')).toMatchObject({ kind: 'text', value: 'wss://example.com/chat' });
    expect(parse('f(x)')).toMatchObject({ kind: 'text', value: 'f(x)' });
    expect(parse('a)')).toMatchObject({ kind: 'text', value: 'a)' });
    expect(parse('$5')).toMatchObject({ kind: 'text', value: '$5' });
    expect(parse('or')).toMatchObject({ kind: 'text', value: 'or' });
  });

  it('reads regexes with flags, dropping the stateful g and y', () => {
    expect(parse('/ab+c/i')).toEqual({ kind: 'regex', at: 0, source: 'ab+c', flags: 'i' });
    expect(parse('/a\\/b/')).toMatchObject({ source: 'a\\/b', flags: '' });
    expect(parse('/[/]x/')).toMatchObject({ source: '[/]x' });
    expect(parse('/a b/')).toMatchObject({ source: 'a b' });
    expect(parse('/x/gimsy')).toMatchObject({ flags: 'ims' });
  });

  it('reads a slash word that is not exactly /source/flags as text', () => {
    expect(parse('/api/v1/users')).toMatchObject({ kind: 'text', value: '/api/v1/users' });
    expect(parse('/queue/a')).toMatchObject({ kind: 'text', value: '/queue/a' });
    expect(parse('//comment')).toMatchObject({ kind: 'text', value: '//comment' });
  });

  it('reads dir: in every spelling', () => {
    for (const v of ['out', 'send', 'sent', 'outgoing', 'OUT']) expect(parse(`dir:${v}`)).toEqual({ kind: 'dir', at: 0, dir: 'send' });
    for (const v of ['in', 'receive', 'received', 'incoming']) expect(parse(`dir:${v}`)).toEqual({ kind: 'dir', at: 0, dir: 'receive' });
    expect(parse('Dir:In')).toMatchObject({ kind: 'dir', dir: 'receive' });
  });

  it('reads type:', () => {
    for (const t of ['text', 'binary', 'control', 'open', 'close', 'error'] as const) {
      expect(parse(`type:${t}`)).toEqual({ kind: 'type', at: 0, type: t });
    }
  });

  it('reads sizes with operators and decimal or binary units', () => {
    expect(parse('size>1k')).toEqual({ kind: 'size', at: 0, op: '>', bytes: 1000, raw: '1k' });
    expect(parse('size<=512')).toMatchObject({ op: '<=', bytes: 512 });
    expect(parse('size=10')).toMatchObject({ op: '=', bytes: 10 });
    expect(parse('size!=10b')).toMatchObject({ op: '!=', bytes: 10 });
    expect(parse('size>=2KB')).toMatchObject({ op: '>=', bytes: 2000 });
    expect(parse('size<1.5mb')).toMatchObject({ op: '<', bytes: 1_500_000 });
    expect(parse('size>1g')).toMatchObject({ bytes: 1e9 });
    expect(parse('size>2kib')).toMatchObject({ bytes: 2048 });
    expect(parse('size<1MiB')).toMatchObject({ bytes: 1024 * 1024 });
    expect(parse('size:10')).toMatchObject({ op: '=', bytes: 10 });
    expect(parse('size:>=.5k')).toMatchObject({ op: '>=', bytes: 500 });
  });

  it('reads conn: and url:', () => {
    expect(parse('conn:2')).toEqual({ kind: 'conn', at: 0, value: '2' });
    expect(parse('conn:doc-1:3')).toMatchObject({ kind: 'conn', value: 'doc-1:3' });
    expect(parse('url:chat')).toEqual({ kind: 'url', at: 0, value: 'chat' });
    expect(parse('url:"wss://a b"')).toMatchObject({ kind: 'url', value: 'wss://a b' });
  });

  it('reads decoded fields, quoted ones as literals', () => {
    expect(parse('event:chat:message')).toEqual({ kind: 'field', at: 0, field: 'event', value: 'chat:message', literal: false });
    expect(parse('topic:sensors/#')).toMatchObject({ field: 'topic', value: 'sensors/#', literal: false });
    expect(parse('topic:"room#1"')).toMatchObject({ field: 'topic', value: 'room#1', literal: true });
    expect(parse('op:subscribe')).toMatchObject({ field: 'op', value: 'subscribe' });
    expect(parse('destination:/queue/a')).toMatchObject({ field: 'destination', value: '/queue/a' });
    expect(parse('method:foo')).toMatchObject({ field: 'method', value: 'foo' });
  });

  it('accepts extra decoded fields from options', () => {
    expect(parseQuery('stream:btc').ok).toBe(false);
    const result = parseQuery('stream:btc', { decodedFields: ['Stream'] });
    expect(result.ok && result.query.root).toMatchObject({ kind: 'field', field: 'stream', value: 'btc' });
  });

  it('reads JSON paths, operators and values', () => {
    expect(parse('$.type=trade')).toEqual({
      kind: 'json',
      at: 0,
      path: [{ kind: 'key', key: 'type' }],
      pathText: '$.type',
      op: '=',
      value: 'trade',
    });
    expect(parse('$.data.price>100')).toMatchObject({ path: [{ key: 'data' }, { key: 'price' }], op: '>', value: '100' });
    expect(parse('$.user.name~=ali')).toMatchObject({ op: '~=', value: 'ali' });
    expect(parse('$.items[0].id=3')).toMatchObject({
      path: [{ kind: 'key', key: 'items' }, { kind: 'index', index: 0 }, { kind: 'key', key: 'id' }],
      op: '=',
      value: '3',
    });
    expect(parse('$.type')).toEqual({ kind: 'json', at: 0, path: [{ kind: 'key', key: 'type' }], pathText: '$.type' });
    expect(parse('$')).toMatchObject({ kind: 'json', path: [] });
    expect(parse('$.a!=x')).toMatchObject({ op: '!=' });
    expect(parse('$.a>=1 $.b<=2 $.c<3')).toMatchObject({ kind: 'and', children: [{ op: '>=' }, { op: '<=' }, { op: '<' }] });
    expect(parse('$.name="Ali Baba"')).toMatchObject({ value: 'Ali Baba' });
    expect(parse('$.name=""')).toMatchObject({ op: '=', value: '' });
    expect(parse('$["a key"][-1][*].*')).toMatchObject({
      path: [{ kind: 'key', key: 'a key' }, { kind: 'index', index: -1 }, { kind: 'wildcard' }, { kind: 'wildcard' }],
    });
    expect(parse('$.price>-1.5e2')).toMatchObject({ op: '>', value: '-1.5e2' });
    expect(parse('$.@type:x=1')).toMatchObject({ path: [{ key: '@type:x' }] });
  });
});

describe('parseQuery: combinations', () => {
  const text = (value: string) => expect.objectContaining({ kind: 'text', value });

  it('ANDs blank-separated terms, also with AND', () => {
    expect(parse('a b')).toEqual({ kind: 'and', at: 0, children: [text('a'), text('b')] });
    expect(parse('a AND b')).toMatchObject({ kind: 'and', children: [text('a'), { kind: 'text', at: 6, value: 'b' }] });
  });

  it('ORs with OR, | and ||, binding tighter than AND', () => {
    expect(parse('a OR b')).toEqual({ kind: 'or', at: 0, children: [text('a'), text('b')] });
    expect(parse('a|b')).toEqual({ kind: 'or', at: 0, children: [{ kind: 'text', at: 0, value: 'a' }, { kind: 'text', at: 2, value: 'b' }] });
    expect(parse('a || b')).toEqual(parse('a OR b'));
    expect(parse('x a OR b | c y')).toEqual({
      kind: 'and',
      at: 0,
      children: [text('x'), { kind: 'or', at: 2, children: [text('a'), text('b'), text('c')] }, text('y')],
    });
  });

  it('negates with -, ! and NOT', () => {
    expect(parse('-a')).toEqual({ kind: 'not', at: 0, child: { kind: 'text', at: 1, value: 'a' } });
    expect(parse('!dir:in')).toEqual({ kind: 'not', at: 0, child: { kind: 'dir', at: 1, dir: 'receive' } });
    expect(parse('NOT a')).toMatchObject({ kind: 'not', child: text('a') });
    expect(parse('--a')).toMatchObject({ kind: 'not', child: { kind: 'not', child: text('a') } });
    expect(parse('-a OR b')).toMatchObject({ kind: 'or', children: [{ kind: 'not' }, text('b')] });
    expect(parse('-"a b"')).toMatchObject({ kind: 'not', child: text('a b') });
  });

  it('groups with parentheses and flattens same-kind nesting', () => {
    expect(parse('(a b) OR c')).toMatchObject({ kind: 'or', children: [{ kind: 'and', children: [text('a'), text('b')] }, text('c')] });
    expect(parse('(a OR b) OR c')).toMatchObject({ kind: 'or', children: [text('a'), text('b'), text('c')] });
    expect(parse('-(a OR b)')).toMatchObject({ kind: 'not', child: { kind: 'or' } });
    expect(parse('NOT(a)')).toMatchObject({ kind: 'not', child: text('a') });
    expect(parse('(f(x))')).toMatchObject(text('f(x)'));
    expect(parse('(f(x) OR g())')).toMatchObject({ kind: 'or', children: [text('f(x)'), text('g()')] });
    expect(parse('(a) f(x)')).toMatchObject({ kind: 'and', children: [text('a'), text('f(x)')] });
    expect(parse('((a))')).toMatchObject(text('a'));
    expect(parse('(dir:in)')).toMatchObject({ kind: 'dir' });
    expect(parse('($.a=1 OR $.b)')).toMatchObject({ kind: 'or', children: [{ kind: 'json' }, { kind: 'json' }] });
    expect(parse('(/x/ OR "y")')).toMatchObject({ kind: 'or', children: [{ kind: 'regex' }, text('y')] });
  });

  it('records where each term starts', () => {
    const root = parse('dir:in   "x y" OR /z/') as Extract<QueryNode, { kind: 'and' }>;
    expect(root.children.map((c) => c.at)).toEqual([0, 9]);
    const or = root.children[1] as Extract<QueryNode, { kind: 'or' }>;
    expect(or.children.map((c) => c.at)).toEqual([9, 18]);
  });
});

describe('parseQuery: errors name the problem and where it is', () => {
  it.each([
    ['/abc', 'Unterminated regex at 0', 0],
    ['dir:in /ab[/]', 'Unterminated regex at 7', 7],
    ['//', 'Empty regex at 0', 0],
    ['a "b c', 'Unterminated quote at 2', 2],
    ['size>1x', 'Bad size "1x" at 5 (use a number with b, k, kb, m, mb, g, gb, kib, mib or gib)', 5],
    ['size>', 'Missing size at 5 (e.g. size>1k)', 5],
    ['size:', 'Missing size at 5 (e.g. size>1k)', 5],
    ['size:abc', 'Bad size "abc" at 5 (use a number with b, k, kb, m, mb, g, gb, kib, mib or gib)', 5],
    ['dir:sideways', 'Bad direction "sideways" at 4 (use in or out)', 4],
    ['type:video', 'Bad type "video" at 5 (use text, binary, control, open, close, error)', 5],
    ['x dir:', 'Missing value for "dir" at 6', 6],
    ['url: x', 'Missing value for "url" at 4', 4],
    ['topic:a/#/b', 'Bad MQTT topic filter "a/#/b" at 6 ("#" must be a whole level and the last one; quote it to match literally)', 6],
    ['topic:a+/b', 'Bad MQTT topic filter "a+/b" at 6 ("+" must be a whole level; quote it to match literally)', 6],
    ['$.', 'Expected a key after "." at 1', 1],
    ['$.a.', 'Expected a key after "." at 3', 3],
    ['$.a[x]', 'Bad index "x" at 4 (use a number, * or a quoted key)', 4],
    ['$.a[1', 'Unterminated "[" at 3', 3],
    ['$["a"x', 'Expected "]" at 5', 5],
    ['$["a', 'Unterminated quote at 2', 2],
    ['$.a=', 'Missing value after "=" at 4', 4],
    ['$.a>abc', 'Expected a number after ">" at 4', 4],
    ['$.a~x', 'Unexpected "~" in JSON path at 3', 3],
    ['$.a="1"x', 'Unexpected "x" at 7 (separate terms with a blank)', 7],
    ['"a"b', 'Unexpected "b" at 3 (separate terms with a blank)', 3],
    ['(a)b', 'Unexpected "b" at 3 (separate terms with a blank)', 3],
    ['(a', 'Unclosed "(" at 0', 0],
    ['x (a (b)', 'Unclosed "(" at 2', 2],
    [')', 'Unmatched ")" at 0', 0],
    ['a "b")', 'Unmatched ")" at 5', 5],
    ['()', 'Empty group at 0', 0],
    ['a ( )', 'Empty group at 2', 2],
    ['OR a', 'Expected a term before "OR" at 0', 0],
    ['| a', 'Expected a term before "|" at 0', 0],
    ['a OR', 'Expected a term after "OR" at 2', 2],
    ['a | OR b', 'Expected a term after "|" at 2', 2],
    ['(a OR)', 'Expected a term after "OR" at 3', 3],
    ['AND a', 'Expected a term before "AND" at 0', 0],
    ['a AND', 'Expected a term after "AND" at 2', 2],
    ['a -', 'Expected a term after "-" at 2', 2],
    ['! a', 'Expected a term after "!" at 0', 0],
    ['NOT', 'Expected a term after "NOT" at 0', 0],
    ['/a(/', 'Bad regex at 0 (Unterminated group)', 0],
  ])('%j -> %s', (text, error, at) => {
    expect(problem(text)).toEqual({ error, at });
  });

  it('lists the known fields for an unknown one', () => {
    expect(problem('a foo:bar')).toEqual({
      error:
        'Unknown field "foo" at 2 (known: dir, type, size, conn, url, event, topic, op, destination, method, channel, subject; quote text that contains ":")',
      at: 2,
    });
  });

  it('never throws, whatever the input', () => {
    const alphabet = ['a', ' ', '"', '/', '(', ')', '-', '!', '|', '$', '.', '[', ']', '=', '>', '<', '~', ':', 'OR', 'AND', 'NOT', 'size', 'dir', '\\', '*', '#', '+', '1', 'k'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let i = 0, len = 1 + Math.floor(random() * 12); i < len; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const result = parseQuery(text);
      if (!result.ok) {
        expect(result.error).toMatch(/ at \d+/);
        expect(result.at).toBeGreaterThanOrEqual(0);
        expect(result.at).toBeLessThanOrEqual(text.length);
      }
    }
    expect(parseQuery(undefined as unknown as string).ok).toBe(true);
  });
});
