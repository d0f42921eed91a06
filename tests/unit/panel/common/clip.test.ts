import { describe, expect, it } from 'vitest';
import { clipForDisplay, DISPLAY_CHARS, headOf, isClipped } from '../../../../src/panel/common/clip';
import { frameLabel } from '../../../../src/panel/common/format';
import { compareText } from '../../../../src/panel/connections/format-connection';
import { originOf } from '../../../../src/panel/state/origin';

const MB = 1_000_000;

describe('clipping for display', () => {
  it('leaves short text alone and cuts long text to the limit, marked with …', () => {
    expect(clipForDisplay('short')).toBe('short');
    expect(clipForDisplay('x'.repeat(DISPLAY_CHARS))).toHaveLength(DISPLAY_CHARS);
    expect(clipForDisplay('abcdef', 4)).toBe('abc…');
    expect(isClipped('abcdef', 4)).toBe(true);
    expect(isClipped('abcd', 4)).toBe(false);
    expect(headOf('abcdef', 2)).toBe('ab');
  });

  it('never cuts a surrogate pair in half', () => {
    expect(clipForDisplay('ab😀cd', 4)).toBe('ab…');
    expect(clipForDisplay('a😀cd', 4)).toBe('a😀…');
  });

  it('labels, origins and sort order of 50 MB URLs read only their start', () => {
    const huge = `https://host.example:8443/path?q=${'u'.repeat(50 * MB)}`;
    expect(frameLabel(huge)).toHaveLength(DISPLAY_CHARS);
    expect(frameLabel(huge).startsWith('host.example:8443/path?q=uuu')).toBe(true);
    expect(originOf(huge)).toBe('https://host.example:8443');
    expect(compareText(huge, `${huge}x`)).toBe(-1);
    expect(compareText(`${huge}b`, `${huge}a`)).toBe(1);
    expect(compareText('b', huge)).toBe(-1);
  });

  it('keeps the origin and order of ordinary URLs as they were', () => {
    expect(originOf('wss://a.example/x')).toBe('wss://a.example');
    expect(originOf(undefined)).toBeUndefined();
    expect(originOf(`data:text/plain,${'x'.repeat(10_000)}`)).toBeUndefined();
    expect(compareText('ws://a', 'ws://b')).toBe(-1);
    expect(compareText('ws://B', 'ws://a')).toBe('ws://B'.localeCompare('ws://a'));
  });
});
