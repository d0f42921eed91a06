import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/lib/bytes';
import { regexFacts } from '../../../src/query/regex-facts';

describe('regexFacts', () => {
  it.each<[string, string, boolean, string | undefined]>([
    ['"sym":"ETH-USD","px":4\\d{3}5\\.5', '', false, '"sym":"ETH-USD","px":4'],
    ['hello', '', false, 'hello'],
    ['de ad', '', true, 'de ad'],
    ['DE AD', '', false, 'DE AD'],
    ['DE AD', 'i', true, ' '], // letters may match either case: only the space is a certain byte
    ['^ca fe', '', true, 'ca fe'],
    ['ff\\s00', '', true, 'ff'],
    ['x?de', '', true, 'de'], // x is optional
    ['x{0,2}de', '', true, 'de'],
    ['x{1}de', '', false, 'de'], // quantified atoms end runs
    ['x+de', '', false, 'de'],
    ['ab+c', '', true, 'a'], // "abbc" matches but holds no "abc": the quantified b ends the run
    ['hello|de', '', true, undefined], // an alternative without the literal
    ['(hello|world) de', '', true, ' de'], // groups are not read, and break runs
    ['[xyz]de', '', true, 'de'], // classes are not read
    ['[]xyz', '', false, 'xyz'], // JavaScript: [] is an empty class
    ['\\"', '', false, '"'], // escaped punctuation is a literal
    ['\\x41bc', '', true, 'bc'], // escapes with payloads are not read
    ['\\u{1F600}', 'u', true, undefined],
    ['é', '', false, undefined], // not ASCII: no byte run
    ['a{', '', false, 'a{'], // a literal brace
    ['de.*ad', '', true, 'de'],
    ['[[a-z]--[aeiou]]x', 'v', true, undefined],
  ])('/%s/%s', (source, flags, canMatchHexDump, requiredAscii) => {
    expect(regexFacts(source, flags)).toEqual({ canMatchHexDump, ...(requiredAscii === undefined ? {} : { requiredAscii }) });
  });

  it('never rules out a binary row whose text or hex dump does match', () => {
    const bytes = Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x31, 0x7d, 0xde, 0xad, 0xbe, 0xef]); // {"a":<ff>1}<de ad be ef>
    const text = new TextDecoder().decode(bytes);
    const dump = toHex(bytes);
    const cases: [string, string][] = [
      ['de ad', ''], ['be\\s?ef', ''], ['(?:7b )?22', ''], ['[a-f]{2} [0-9]{2}', ''], ['be ef$', ''], ['^7b', ''], ['DE', 'i'], ['d.', ''],
      ['"a":', ''], ['"A":', 'i'], ['\\{"a"', ''], [':\\uFFFD1', ''], ['a":.1\\}', ''], ['^\\{', ''],
    ];
    for (const [source, flags] of cases) {
      const re = new RegExp(source, flags);
      const facts = regexFacts(source, flags);
      const textMatches = re.test(text);
      const dumpMatches = re.test(dump);
      expect(textMatches || dumpMatches, `/${source}/${flags} matches the row`).toBe(true);
      if (dumpMatches) expect(facts.canMatchHexDump, source).toBe(true);
      if (textMatches && facts.requiredAscii) expect(Buffer.from(bytes).includes(Buffer.from(facts.requiredAscii, 'latin1')), source).toBe(true);
    }
  });
});
