import { describe, expect, it } from 'vitest';
import { base64ByteLength, base64ToBytes, bytesToBase64, formatBytes, hexDump, hexDumpLines, payloadByteLength, payloadBytes, toHex, utf8Length } from '../../../src/lib/bytes';

describe('utf8Length', () => {
  it.each(['', 'hello', 'héllo', '€', '日本語テキスト', '😀 emoji', 'a\u0000b', 'x'.repeat(1000)])('matches TextEncoder for %j', (text) => {
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  });
  it('counts a lone surrogate as U+FFFD (3 bytes), as TextEncoder and the WebSocket encoder do', () => {
    expect(utf8Length('a\ud800b')).toBe(new TextEncoder().encode('a\ud800b').length);
    expect(utf8Length('\udc00')).toBe(3);
  });
});

describe('base64', () => {
  it('round-trips every byte value and large buffers', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) & 0xff);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
    expect(bytesToBase64(new Uint8Array([104, 105]))).toBe(Buffer.from('hi').toString('base64'));
  });
  it('names bad input', () => {
    expect(() => base64ToBytes('!!!')).toThrow('not valid base64');
  });
});

describe('payloads', () => {
  it('count their bytes without decoding base64, padding optional', () => {
    expect(payloadByteLength({ opcode: 1, text: '€' })).toBe(3);
    expect(payloadByteLength({ opcode: 2, base64: 'AAE' })).toBe(2);
    expect(payloadByteLength({ opcode: 1 })).toBe(0);
    for (const length of [0, 1, 2, 3, 4, 5, 100]) {
      const base64 = bytesToBase64(new Uint8Array(length));
      expect(base64ByteLength(base64)).toBe(length);
      expect(base64ByteLength(base64.replace(/=+$/, ''))).toBe(length);
    }
  });

  it('give their bytes: text as UTF-8, binary from base64', () => {
    expect(payloadBytes({ opcode: 1, text: 'h€' })).toEqual(new Uint8Array([0x68, 0xe2, 0x82, 0xac]));
    expect(payloadBytes({ opcode: 2, base64: 'AAE=' })).toEqual(new Uint8Array([0, 1]));
    expect(payloadBytes({ opcode: 2 })).toEqual(new Uint8Array(0));
    expect(() => payloadBytes({ opcode: 2, base64: '!!!' })).toThrow('not valid base64');
  });
});

describe('hex dump', () => {
  it('shows offset, two groups of eight bytes and printable ASCII', () => {
    const bytes = new TextEncoder().encode('Hello, WebSocket!\n\u0001');
    const lines = hexDumpLines(bytes);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ offset: '00000000', hex: '48 65 6c 6c 6f 2c 20 57  65 62 53 6f 63 6b 65 74', ascii: 'Hello, WebSocket' });
    expect(lines[1].offset).toBe('00000010');
    expect(lines[1].ascii).toBe('!..');
    expect(hexDump(bytes).split('\n')[1]).toMatch(/^00000010 {2}21 0a 01 +\s+!\.\.$/);
  });
  it('toHex joins bytes', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('00 0f ff');
    expect(toHex(new Uint8Array([0xca, 0xfe]), '')).toBe('cafe');
    expect(toHex(new Uint8Array([0xca, 0xfe]), ':')).toBe('ca:fe');
    expect(toHex(new Uint8Array([0xca, 0xfe]), ', ')).toBe('ca, fe');
    expect(toHex(new Uint8Array(0))).toBe('');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(all)).toBe(Array.from(all, (b) => b.toString(16).padStart(2, '0')).join(' '));
  });
});

describe('formatBytes', () => {
  it('uses DevTools units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(2_000_000)).toBe('2.0 MB');
  });
});
