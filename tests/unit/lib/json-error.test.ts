import { describe, expect, it } from 'vitest';
import { describeJsonError, findJsonSyntaxError, lineColumnAt } from '../../../src/lib/json-error';

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a":[true,false,null,{"b":"c"}]}\n', '[1, 2 ,3]']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text), text).toBeUndefined();
    }
  });

  it.each([
    ['{\n  "a": 1,\n  }', 'Unexpected token } at line 3 column 3'],
    ['{"a" 1}', 'Unexpected token 1 at line 1 column 6'],
    ["{'a': 1}", "Unexpected token ' at line 1 column 2"],
    ['[1, 2', 'Unexpected end of JSON input at line 1 column 6: the file seems truncated'],
    ['{"a": "unterminated', 'Unexpected end of JSON input at line 1 column 20: the file seems truncated'],
    ['{"a": tru', 'Unexpected end of JSON input at line 1 column 10: the file seems truncated'],
    ['[01]', 'Unexpected token 1 at line 1 column 3'],
    ['[1.]', 'Unexpected token ] at line 1 column 4'],
    ['"a\tb"', 'Bad control character in string literal at line 1 column 3'],
    ['"\\x"', 'Bad escaped character \\x in string at line 1 column 3'],
    ['"\\u12G4"', 'Bad Unicode escape in string at line 1 column 6'],
    ['{} {}', 'Unexpected token { after the end of the JSON value at line 1 column 4'],
    ['\n\n   nul', 'Unexpected end of JSON input at line 3 column 7: the file seems truncated'],
    ['[\n\u0001]', 'Unexpected token "\\u0001" at line 2 column 1'],
    ['[😀]', 'Unexpected token 😀 at line 1 column 2'],
  ])('%j -> %s', (text, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(describeJsonError(text)).toBe(message);
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd\r\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd\r\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('ab\ncd\r\nef', 8)).toEqual({ line: 3, column: 2 });
  });

  it('reports very deep nesting instead of overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(100000))?.reason).toBe('Nesting too deep');
  });
});
