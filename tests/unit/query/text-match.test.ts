import { describe, expect, it } from 'vitest';
import { containsIgnoringCase, globMatcher, hexNeedleBytes, includesBytes } from '../../../src/query/text-match';

describe('plain-text needles', () => {
  it('contain, ignoring case, with regex syntax taken literally', () => {
    expect(containsIgnoringCase('a.b')('xA.By')).toBe(true);
    expect(containsIgnoringCase('a.b')('axb')).toBe(false);
    expect(containsIgnoringCase('(x|y)*')('-(X|Y)*-')).toBe(true);
    expect(containsIgnoringCase('straße')('STRAßE')).toBe(true);
    expect(containsIgnoringCase('')('anything')).toBe(true);
    expect(containsIgnoringCase('/\\^$.*+?()[]{}|-')('x/\\^$.*+?()[]{}|-y')).toBe(true);
  });

  it('read as hex only when they are whole bytes', () => {
    expect(hexNeedleBytes('cafe')).toEqual(new Uint8Array([0xca, 0xfe]));
    expect(hexNeedleBytes('0xCAFE')).toEqual(new Uint8Array([0xca, 0xfe]));
    expect(hexNeedleBytes('ca fe')).toEqual(new Uint8Array([0xca, 0xfe]));
    expect(hexNeedleBytes('caf')).toBeUndefined();
    expect(hexNeedleBytes('ca  fe')).toBeUndefined();
    expect(hexNeedleBytes('coffee')).toBeUndefined();
  });

  it('find byte sequences', () => {
    const hay = new Uint8Array([1, 2, 1, 2, 3, 4]);
    expect(includesBytes(hay, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(includesBytes(hay, new Uint8Array([3, 4]))).toBe(true);
    expect(includesBytes(hay, new Uint8Array([4, 5]))).toBe(false);
    expect(includesBytes(hay, new Uint8Array([]))).toBe(true);
    expect(includesBytes(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });

  it('globs with * only, anchored and case-sensitive', () => {
    expect(globMatcher('chat:*')('chat:message')).toBe(true);
    expect(globMatcher('chat:*')('chat:')).toBe(true);
    expect(globMatcher('chat:*')('xchat:message')).toBe(false);
    expect(globMatcher('*.v?')('a.v?')).toBe(true);
    expect(globMatcher('*.v?')('a.vx')).toBe(false);
    expect(globMatcher('a*b*c')('a\nxbyc')).toBe(true);
    expect(globMatcher('Chat')('chat')).toBe(false);
  });
});
