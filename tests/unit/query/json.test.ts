import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageRecord } from '../../../src/protocol/records';
import { compileQuery, createPayloadCache, parseQuery, type PathSegment } from '../../../src/query';
import { compileJsonTest } from '../../../src/query/json-match';
import { context, expectMatches, rows, text } from './fixtures';

const key = (k: string): PathSegment => ({ kind: 'key', key: k });

function predicateOf(query: string, ctx = context) {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return compileQuery(parsed.query, ctx);
}

describe('JSON-path queries on messages', () => {
  it('tests existence', () => {
    expectMatches('$', ['trade', 'quote']); // JSON objects and arrays only; `42[...]` is not JSON
    expectMatches('$.type', ['trade', 'quote']);
    expectMatches('$.none', ['quote']); // present, even if null
    expectMatches('$.missing', []);
    expectMatches('-$.type type:text', ['hello', 'chat', 'stomp']);
  });

  it('compares strings exactly and numbers numerically', () => {
    expectMatches('$.type=trade', ['trade']);
    expectMatches('$.type="trade"', ['trade']);
    expectMatches('$.type=Trade', []);
    expectMatches('$.n=100', ['quote']); // 1e2 in the payload
    expectMatches('$.id=3.0', ['trade']);
    expectMatches('$.id="3"', ['trade']); // quoting does not change the comparison
    expectMatches('$.data.qty=2', ['trade']); // the string "2"
    expectMatches('$.ok=true', ['quote']);
    expectMatches('$.none=null', ['quote']);
    expectMatches('$.data=x', []); // objects never equal a literal
  });

  it('orders numbers and numeric strings', () => {
    expectMatches('$.data.price>100', ['trade']);
    expectMatches('$.data.price<100', ['quote']); // "99.5"
    expectMatches('$.data.price>=99.5', ['trade', 'quote']);
    expectMatches('$.data.price<=101.5', ['trade', 'quote']);
    expectMatches('$.data.qty>1', ['trade']);
    expectMatches('$.type>1', []);
  });

  it('contains, case-insensitively, on scalars and array elements', () => {
    expectMatches('$.user.name~=ali', ['trade']);
    expectMatches('$.user.name~=ALI', ['trade']);
    expectMatches('$.tags~=fast', ['quote']);
    expectMatches('$.data.price~=99', ['quote']);
    expectMatches('$.data~=price', []);
  });

  it('!= needs the path and no equal value', () => {
    expectMatches('$.type!=trade', ['quote']);
    expectMatches('$.items[*].id!=3', []);
    expectMatches('$.items[*].id!=5', ['trade']);
    expectMatches('-$.type=trade', ['hello', 'cafe', 'quote', 'chat', 'mqtt', 'stomp', 'open', 'close', 'error']);
  });

  it('indexes arrays, from the end too, and spreads wildcards', () => {
    expectMatches('$.items[0].id=3', ['trade']);
    expectMatches('$.items[1].id=3', []);
    expectMatches('$.items[-1].id=4', ['trade']);
    expectMatches('$.items.1.id=4', ['trade']);
    expectMatches('$.items[2]', []);
    expectMatches('$.items[*].id=4', ['trade']);
    expectMatches('$.data.*>100', ['trade']);
    expectMatches('$.*=quote', ['quote']);
    expectMatches('$.tags[*]~=cheap', ['quote']);
  });

  it('reads bracketed keys and keys with punctuation', () => {
    const m = text('doc1:1', 'receive', '{"a b":{"@type":"x"},"0":"zero","k-1":1}');
    const run = (q: string) => predicateOf(q)(m);
    expect(run('$["a b"]["@type"]=x')).toBe(true);
    expect(run('$["a b"].@type=x')).toBe(true);
    expect(run('$[0]=zero')).toBe(true); // an index on an object reads the numeric key
    expect(run('$.k-1=1')).toBe(true);
    expect(run('$.constructor')).toBe(false);
    expect(run('$.toString')).toBe(false);
  });

  it('reads the paths redaction rules read: ..key at any depth, single-quoted keys', () => {
    const m = text('doc1:1', 'receive', '{"user":{"auth":{"token":"t1"}},"list":[{"token":"t2"}],"a b":1}');
    const run = (q: string) => predicateOf(q)(m);
    expect(run('$..token=t2')).toBe(true);
    expect(run('$..token=t3')).toBe(false);
    expect(run('$.user..token~=T1')).toBe(true);
    expect(run('$..*=1')).toBe(true);
    expect(run("$['a b']=1")).toBe(true);
  });

  it('rules rows out by the keys of ..key without parsing them', () => {
    const parse = vi.spyOn(JSON, 'parse');
    expect(predicateOf('$..token')(rows.trade)).toBe(false);
    expect(parse).not.toHaveBeenCalled();
  });

  it('never matches control rows or binary messages without a jsonOf', () => {
    expectMatches('$ type:control', []);
    expectMatches('$ type:binary', []);
  });
});

describe('JSON evaluation helpers', () => {
  it('compileJsonTest walks singular paths and spreads the others', () => {
    const doc = { a: [{ b: 1 }, { b: 2 }, { c: 3 }] };
    expect(compileJsonTest([key('a'), { kind: 'index', index: -1 }, key('c')], '=', '3')(doc)).toBe(true);
    expect(compileJsonTest([key('a'), { kind: 'wildcard' }, key('b')], '=', '2')(doc)).toBe(true);
    expect(compileJsonTest([{ kind: 'descendant', key: 'b' }], '>', '1')(doc)).toBe(true);
    expect(compileJsonTest([{ kind: 'descendant', key: 'b' }], '>', '2')(doc)).toBe(false);
  });

  it('compileJsonTest treats undefined as "not JSON"', () => {
    expect(compileJsonTest([])(undefined)).toBe(false);
    expect(compileJsonTest([])(null)).toBe(true);
    expect(compileJsonTest([{ kind: 'wildcard' }], '=', '1')(undefined)).toBe(false);
  });
});

describe('JSON parsing cost', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses a payload once per evaluation, however many JSON terms there are', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const predicate = predicateOf('$.a=1 OR $.b=2 OR $.type=nope OR $.data.price>1000 OR $.user.name~=zzz');
    expect(predicate(rows.trade)).toBe(false);
    expect(parse).toHaveBeenCalledTimes(1);
    predicateOf('$.a')(rows.hello); // not `{`/`[`: not even tried
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('uses the caller’s jsonOf instead, once per evaluation, for binary payloads too', () => {
    const calls: MessageRecord[] = [];
    const jsonOf = (m: MessageRecord) => {
      calls.push(m);
      return m === rows.cafe ? { decoded: 'msgpack', n: 5 } : undefined;
    };
    const predicate = predicateOf('$.decoded=msgpack $.n>4', { ...context, jsonOf });
    expect(predicate(rows.cafe)).toBe(true);
    expect(predicate(rows.trade)).toBe(false);
    expect(calls).toEqual([rows.cafe, rows.trade]);
  });

  it('with a shared payload cache, parses each message once across matchers', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const cache = createPayloadCache();
    const first = predicateOf('$.type=trade', { ...context, cache });
    const second = predicateOf('$.data.price>1', { ...context, cache });
    expect([first(rows.trade), second(rows.trade), first(rows.quote), second(rows.quote), second(rows.trade)]).toEqual([
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(parse).toHaveBeenCalledTimes(2);
    expect(cache.json(rows.hello as MessageRecord)).toBeUndefined();
    expect(cache.hex(rows.cafe as MessageRecord)).toBe('ca fe ba be 68 69 21');
    expect(cache.utf8(rows.cafe as MessageRecord)).toContain('hi!');
  });
});

describe('JSON-path terms skip JSON.parse for texts that cannot match', () => {
  // The compiled query rules rows out by the strings their text must contain
  // (jsonTermNeedles); it must decide exactly as parsing every row would.
  const payloads = [
    '{"type":"trade","side":"sell","px":"4005.5","n":1e2,"ok":true,"none":null}',
    '{"type":"trade","side":"buy"}',
    '{"ty\\u0070e":"trade","side":"s\\u0065ll"}', // escapes: the needles cannot be trusted
    '{"data":{"items":[{"id":3,"name":"sell"},{"id":4}]}}',
    '[{"side":"sell"},{"side":"buy"}]',
    '{"0":"zero","items":["a","b"]}',
    '{"side":"Sell"}',
    '{"type" : "trade" , "side" :"sell"}',
    '"sell"',
    'side sell, not JSON',
    '',
  ];
  const queries = [
    '$.type=trade', '$.side=sell', '$.side!=sell', '$.side~=SELL', '$.n=100', '$.ok=true', '$.none=null', '$.px>4000',
    '$.data.items[*].name=sell', '$[*].side=sell', '$[0].side=sell', '$.0=zero', '$.items.1=b', '$.missing', '$.type', '-$.side=sell',
  ];
  for (const query of queries) {
    it(query, () => {
      const parsed = parseQuery(query);
      if (!parsed.ok) throw new Error(parsed.error);
      const fast = compileQuery(parsed.query, context);
      // The same query with a jsonOf: the short cut is off, every row is parsed.
      const slow = compileQuery(parsed.query, { ...context, jsonOf: (m: MessageRecord) => { try { return m.text?.trim().match(/^[[{]/) ? JSON.parse(m.text) : undefined; } catch { return undefined; } } });
      for (const payload of payloads) {
        const row = text('c1', 'receive', payload);
        expect(fast(row), `${query} on ${payload}`).toBe(slow(row));
      }
    });
  }
});
