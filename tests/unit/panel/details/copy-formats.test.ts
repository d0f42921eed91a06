import { describe, expect, it } from 'vitest';
import { copyAsBase64, copyAsHex, copyAsSendCall, copyAsText, copyAsWebsocat, shellQuote } from '../../../../src/panel/details/copy-formats';
import type { MessageRecord } from '../../../../src/protocol/records';

const text: MessageRecord = { connId: 'c', seq: 1, dir: 'send', time: 0, opcode: 1, size: 9, text: `it's "ok"` };
const binary: MessageRecord = { connId: 'c', seq: 2, dir: 'receive', time: 0, opcode: 2, size: 3, base64: 'AAH/' };

describe('copy formats', () => {
  it('text, base64 and hex of both kinds', () => {
    expect(copyAsText(text)).toBe(`it's "ok"`);
    expect(copyAsBase64(text)).toBe(Buffer.from(`it's "ok"`).toString('base64'));
    expect(copyAsHex(binary)).toBe('0001ff');
    expect(copyAsBase64(binary)).toBe('AAH/');
  });
  it('a ws.send() call that sends the same bytes', () => {
    expect(copyAsSendCall(text)).toBe(`ws.send("it's \\"ok\\"");`);
    expect(copyAsSendCall(binary)).toBe('ws.send(new Uint8Array([0, 1, 255]));');
    const big: MessageRecord = { ...binary, base64: Buffer.alloc(100, 7).toString('base64'), size: 100 };
    const call = copyAsSendCall(big);
    expect(call).toContain('atob(');
    // The generated expression evaluates to the same bytes.
    const bytes = new Function(`const ws = { send: (x) => x }; return ${call.replace(/;$/, '')}`)() as Uint8Array;
    expect([...bytes]).toEqual(new Array(100).fill(7));
  });
  it('websocat command lines, shell-quoted', () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(copyAsWebsocat(text, { url: 'ws://h/x', protocol: 'chat' })).toBe(`printf '%s' 'it'\\''s "ok"' | websocat -1 --protocol 'chat' 'ws://h/x'`);
    expect(copyAsWebsocat(binary, { url: 'ws://h/x', protocol: '' })).toBe(`printf '%s' 'AAH/' | base64 -d | websocat -1 --binary 'ws://h/x'`);
  });
});
