import { describe, expect, it } from 'vitest';
import {
  checkJson,
  composePayload,
  convertEditorText,
  editorTextOf,
  layoutJson,
  nextJsonLayout,
  parseBase64,
  parseHex,
} from '../../../src/intercept/composer';

const bytes = (r: ReturnType<typeof parseHex>) => (r.ok ? [...r.bytes] : r.error);

describe('parseHex', () => {
  it('accepts spaces, newlines, commas and 0x prefixes', () => {
    expect(bytes(parseHex('de ad\nBE EF'))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(bytes(parseHex('0xdeadbeef'))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(bytes(parseHex('0xde, 0xAD,\r\n\t0x00'))).toEqual([0xde, 0xad, 0]);
    expect(bytes(parseHex('  '))).toEqual([]);
  });

  it('says which character is wrong, where', () => {
    expect(parseHex('de ad\nbg')).toEqual({
      ok: false,
      error: '"g" is not a hex digit (line 2, column 2)',
      problem: { code: 'intercept.input.at', params: { reason: { code: 'intercept.hex.notDigit', params: { char: '"g"' } }, line: 2, column: 2 } },
      offset: 7,
      line: 2,
      column: 2,
    });
    expect(parseHex('de a be').ok || parseHex('de a be')).toMatchObject({ error: 'Odd number of hex digits in "a": a byte takes two digits (line 1, column 4)', offset: 3 });
    expect(parseHex('0x')).toMatchObject({ error: 'Expected hex digits after "0x" (line 1, column 1)' });
    expect(parseHex('ab\u0001')).toMatchObject({ error: '"\\u0001" is not a hex digit (line 1, column 3)' });
    expect(parseHex('ab 😀')).toMatchObject({ error: '"😀" is not a hex digit (line 1, column 4)' });
  });
});

describe('parseBase64', () => {
  it('accepts wrapped, unpadded and URL-safe base64', () => {
    expect(bytes(parseBase64('AAEC\nAw=='))).toEqual([0, 1, 2, 3]);
    expect(bytes(parseBase64('AAECAw'))).toEqual([0, 1, 2, 3]);
    expect(bytes(parseBase64('-_8'))).toEqual([0xfb, 0xff]);
    expect(bytes(parseBase64(''))).toEqual([]);
  });

  it('explains what is wrong', () => {
    expect(parseBase64('AAE*')).toMatchObject({ error: '"*" is not a base64 character (line 1, column 4)', offset: 3 });
    expect(parseBase64('AA=A')).toMatchObject({ error: '"A" after "=" padding (line 1, column 4)' });
    expect(parseBase64('AAAAA')).toMatchObject({ error: expect.stringMatching(/^Base64 cannot end with a single character/) });
    expect(parseBase64('AA=')).toMatchObject({ error: 'Wrong amount of "=" padding (line 1, column 3)' });
    expect(parseBase64('A===')).toMatchObject({ error: 'Too much "=" padding (line 1, column 4)' });
  });
});

describe('JSON in the text editor', () => {
  it('validates with line and column', () => {
    expect(checkJson('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(checkJson('{\n  "a": 1,\n}')).toEqual({
      ok: false,
      error: 'Unexpected token } (line 3, column 1)',
      problem: { code: 'intercept.input.at', params: { reason: { code: 'lib.json.unexpectedToken', params: { token: '}' } }, line: 3, column: 1 } },
      offset: 12,
      line: 3,
      column: 1,
    });
    expect(checkJson('{"a": tru}')).toMatchObject({ line: 1, column: 10 });
    expect(checkJson('   ')).toMatchObject({ error: 'Empty: expected a JSON value (line 1, column 4)' });
  });

  it('switches between pretty and compact without changing any token', () => {
    const compact = '{"big":12345678901234567890,"f":1.0,"s":"a, b: {c}","e":"\\u00e9\\"","x":[],"o":{},"n":[1,{"k":null}]}';
    const pretty = layoutJson(compact, 'pretty');
    expect(pretty).toEqual({
      ok: true,
      text: [
        '{',
        '  "big": 12345678901234567890,',
        '  "f": 1.0,',
        '  "s": "a, b: {c}",',
        '  "e": "\\u00e9\\"",',
        '  "x": [],',
        '  "o": {},',
        '  "n": [',
        '    1,',
        '    {',
        '      "k": null',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    });
    expect(layoutJson(pretty.ok ? pretty.text : '', 'compact')).toEqual({ ok: true, text: compact });
    expect(layoutJson('[ ]', 'pretty')).toEqual({ ok: true, text: '[]' });
    expect(layoutJson('"x"', 'pretty', 4)).toEqual({ ok: true, text: '"x"' });
    expect(layoutJson('{', 'pretty')).toMatchObject({ ok: false, line: 1, column: 2 });
  });

  it('knows which way a toggle goes', () => {
    expect(nextJsonLayout('{"a":1}')).toBe('pretty');
    expect(nextJsonLayout('{\n  "a": 1\n}\n')).toBe('compact');
  });
});

describe('composePayload', () => {
  it('produces text and binary payloads with their size', () => {
    expect(composePayload({ mode: 'text', input: 'héllo' })).toEqual({ ok: true, payload: { opcode: 1, text: 'héllo' }, size: 6 });
    expect(composePayload({ mode: 'hex', input: '01 02' })).toEqual({ ok: true, payload: { opcode: 2, base64: 'AQI=' }, size: 2 });
    expect(composePayload({ mode: 'base64', input: 'AQI' })).toEqual({ ok: true, payload: { opcode: 2, base64: 'AQI=' }, size: 2 });
  });

  it('checks JSON only when asked', () => {
    expect(composePayload({ mode: 'text', input: '{oops' }).ok).toBe(true);
    expect(composePayload({ mode: 'text', input: '{oops', json: true })).toMatchObject({ ok: false, error: 'Unexpected token o (line 1, column 2)' });
  });

  it('passes parse errors on', () => {
    expect(composePayload({ mode: 'hex', input: 'zz' })).toMatchObject({ ok: false, offset: 0 });
  });

  it('JSON mode refuses invalid JSON, saying where it goes wrong, and sends valid JSON as typed', () => {
    expect(composePayload({ mode: 'json', input: '{"a": 1,\n "b": tru}' })).toMatchObject({ ok: false, error: 'Unexpected token } (line 2, column 10)', offset: 18, line: 2, column: 10 });
    expect(composePayload({ mode: 'json', input: '{"a": 1' })).toMatchObject({ ok: false, offset: 7, line: 1, column: 8 });
    expect(composePayload({ mode: 'json', input: '   ' })).toMatchObject({ ok: false, error: 'Empty: expected a JSON value (line 1, column 4)' });
    // Sent exactly as typed: no re-encoding (big integers, 1.0 and the spacing stay).
    const typed = '{ "n": 12345678901234567890, "x": 1.0 }';
    expect(composePayload({ mode: 'json', input: typed })).toEqual({ ok: true, payload: { opcode: 1, text: typed }, size: typed.length });
  });
});

describe('editor text', () => {
  it('shows payloads in a mode and converts between modes', () => {
    const bin = { opcode: 2 as const, base64: Buffer.from(Array.from({ length: 18 }, (_, i) => i)).toString('base64') };
    expect(editorTextOf(bin)).toEqual({ ok: true, text: '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10 11' });
    expect(editorTextOf({ opcode: 1, text: 'hi' })).toEqual({ ok: true, text: 'hi' });
    expect(editorTextOf({ opcode: 1, text: 'hi' }, 'hex')).toEqual({ ok: true, text: '68 69' });
    expect(convertEditorText('68 69', 'hex', 'text')).toEqual({ ok: true, text: 'hi' });
    expect(convertEditorText('68 69', 'hex', 'base64')).toEqual({ ok: true, text: 'aGk=' });
    expect(convertEditorText('ff fe', 'hex', 'text')).toMatchObject({ ok: false, error: expect.stringMatching(/not UTF-8 text/) });
    expect(convertEditorText('x', 'hex', 'text')).toMatchObject({ ok: false, error: '"x" is not a hex digit (line 1, column 1)' });
  });

  it('JSON mode holds text: switching to and from text keeps the input, even invalid; to hex goes through UTF-8', () => {
    expect(convertEditorText('{oops', 'text', 'json')).toEqual({ ok: true, text: '{oops' });
    expect(convertEditorText('{oops', 'json', 'text')).toEqual({ ok: true, text: '{oops' });
    expect(convertEditorText('{}', 'json', 'hex')).toEqual({ ok: true, text: '7b 7d' });
    expect(convertEditorText('7b 7d', 'hex', 'json')).toEqual({ ok: true, text: '{}' });
  });
});
