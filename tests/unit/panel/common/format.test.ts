import { describe, expect, it } from 'vitest';
import { formatClock, formatRelative, frameLabel, hostPath, previewOf, previewParts } from '../../../../src/panel/common/format';
import { chunksOf, FORMAT_MAX_CHARS, payloadBytes, payloadHead, textView } from '../../../../src/panel/details/payload-view';
import type { MessageRecord } from '../../../../src/protocol/records';

describe('panel formats', () => {
  it('wall-clock time with milliseconds', () => {
    const t = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
    expect(formatClock(t)).toBe('03:04:05.067');
  });
  it('time since open', () => {
    expect(formatRelative(0)).toBe('+0.000 s');
    expect(formatRelative(1234.5)).toBe('+1.234 s');
    expect(formatRelative(-5)).toBe('-0.005 s');
    expect(formatRelative(187_123)).toBe('+3:07.123');
  });
  it('previews text on one line and binary as hex', () => {
    expect(previewOf({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 1, size: 9, text: 'a\n  b\tc' })).toBe('a b c');
    expect(previewOf({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 1, size: 300, text: 'x'.repeat(300) }, 10)).toBe('xxxxxxxxxx…');
    expect(previewOf({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 2, size: 3, base64: 'AAH/' })).toBe('Binary 3 B: 00 01 ff');
    // The panel's words apart from the data, so the list can mark what is not to be translated.
    expect(previewParts({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 2, size: 3, base64: 'AAH/' })).toEqual({ lead: 'Binary 3 B: ', data: '00 01 ff' });
    expect(previewParts({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 1, size: 2, text: 'hi' })).toEqual({ lead: '', data: 'hi' });
  });
  it('pretty-prints JSON, leaves other text alone', () => {
    expect(textView('{"a":[1,2]}')).toMatchObject({ kind: 'json', text: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    expect(textView('{oops')).toEqual({ kind: 'text', text: '{oops' });
    expect(textView('42')).toEqual({ kind: 'text', text: '42' });
  });
  it('does not parse or re-print JSON over the format limit', () => {
    const big = `[${'1,'.repeat(FORMAT_MAX_CHARS / 2)}1]`;
    expect(textView(big)).toEqual({ kind: 'text', text: big, tooLargeToFormat: true });
  });
  it('cuts long payload text in blocks after line breaks, never inside a surrogate pair', () => {
    expect(chunksOf('short', 8)).toEqual(['short']);
    expect(chunksOf('aaaa\nbbbb\ncc', 8)).toEqual(['aaaa\n', 'bbbb\ncc']);
    expect(chunksOf('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(chunksOf('abc😀def', 4)).toEqual(['abc', '😀de', 'f']);
    const long = `${'line\n'.repeat(5000)}${'x'.repeat(20_000)}`;
    expect(chunksOf(long).join('')).toBe(long);
  });
  it('decodes only the head of a payload for the hex view, and counts all its bytes', () => {
    const message = (m: Partial<MessageRecord>): MessageRecord => ({ connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 1, size: 0, ...m });
    const binary = message({ opcode: 2, base64: Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 255)).toString('base64') });
    expect(payloadHead(binary, 16)).toEqual({ bytes: payloadBytes(binary).subarray(0, 16), total: 1000 });
    expect(payloadHead(message({ opcode: 2, base64: 'AA==' }), 16)).toEqual({ bytes: new Uint8Array([0]), total: 1 });
    const text = message({ text: `${'a'.repeat(15)}😀${'é'.repeat(10)}` });
    expect(payloadHead(text, 16)).toEqual({ bytes: payloadBytes(text).subarray(0, 16), total: 15 + 4 + 20 });
    expect(payloadHead(text, 100)).toEqual({ bytes: payloadBytes(text), total: 39 });
  });
  it('host and path of a URL', () => {
    expect(hostPath('http://a.b:8/x?y=1')).toBe('a.b:8/x?y=1');
    expect(hostPath('not a url')).toBe('not a url');
  });

  it('frameLabel names about: and data: frames by their whole URL, web frames by host and path', () => {
    expect(frameLabel('http://a.b:8/x?y=1')).toBe('a.b:8/x?y=1');
    expect(frameLabel('about:srcdoc')).toBe('about:srcdoc');
    expect(frameLabel('about:blank')).toBe('about:blank');
    expect(frameLabel(`data:text/html,${'x'.repeat(100)}`)).toBe(`data:text/html,${'x'.repeat(44)}…`);
  });
});
