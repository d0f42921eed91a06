import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/model/bytes';
import { regexCanMatchHexDump } from '../../../src/query/hex-dump-regex';

describe('regexCanMatchHexDump', () => {
  it.each([
    ['"sym":"ETH-USD","px":4\\d{3}5\\.5', '', false],
    ['hello', '', false], // h, l, o are not hex digits
    ['de ad', '', true],
    ['DE AD', '', false],
    ['DE AD', 'i', true],
    ['^ca fe', '', true],
    ['ff\\s00', '', true],
    ['x?de', '', true], // x is optional
    ['x{0,2}de', '', true],
    ['x{1}de', '', false],
    ['x+de', '', false],
    ['hello|de', '', true], // an alternative without the literal
    ['(hello|world) de', '', true], // groups are not read
    ['[xyz]de', '', true], // classes are not read
    ['\\"', '', false], // escaped punctuation is a literal
    ['\\x41', '', true], // escapes with payloads are not read
    ['\\u{1F600}', 'u', true],
    ['a{', '', false], // a literal brace
    ['de.*ad', '', true],
  ])('/%s/%s -> %s', (source, flags, expected) => {
    expect(regexCanMatchHexDump(source, flags)).toBe(expected);
  });

  it('never says no for a regex that does match a dump', () => {
    const dump = toHex(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x12, 0xca, 0xfe]));
    for (const source of ['de ad', 'be\\s?ef', '(?:00 )?12', '[a-f]{2} [0-9]{2}', 'ca fe$', '^de', 'ad be ef 00 12', 'DE', 'd.', 'e\\b']) {
      const flags = source === 'DE' ? 'i' : '';
      expect(new RegExp(source, flags).test(dump), source).toBe(true);
      expect(regexCanMatchHexDump(source, flags), source).toBe(true);
    }
  });
});
