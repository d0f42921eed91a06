/**
 * English of what the helpers in src/lib say (JSON syntax errors, JSON path errors), keyed by
 * code. See coded-text.ts; the panel's translations are `lib_*` keys in public/_locales.
 */
import { createTexts, RAW_CODE } from './coded-text';

export const LIB_TEXTS = {
  [RAW_CODE]: '{text}',

  // JSON syntax (json-error.ts): the same words on every browser.
  'lib.json.unexpectedEnd': 'Unexpected end of JSON input',
  'lib.json.unexpectedToken': 'Unexpected token {token}',
  'lib.json.tokenAfterEnd': 'Unexpected token {token} after the end of the JSON value',
  'lib.json.badControl': 'Bad control character in string literal',
  'lib.json.badUnicode': 'Bad Unicode escape in string',
  'lib.json.badEscape': 'Bad escaped character \\{char} in string',
  'lib.json.tooDeep': 'Nesting too deep',
  'lib.json.at': '{reason} at line {line} column {column}',
  'lib.json.atTruncated': '{reason} at line {line} column {column}: the file seems truncated',
  'lib.json.invalid': 'invalid JSON',

  // JSON paths (json-path.ts).
  'lib.path.unterminatedQuote': 'Unterminated quote',
  'lib.path.expectedBracket': 'Expected "]"',
  'lib.path.unterminatedBracket': 'Unterminated "["',
  'lib.path.badIndex': 'Bad index "{index}"',
  'lib.path.badIndexHint': 'use a number, * or a quoted key',
  'lib.path.expectedDescendant': 'Expected a key or * after ".."',
  'lib.path.expectedKey': 'Expected a key after "."',
  'lib.path.empty': 'Empty JSON path (write e.g. $.user.role)',
  'lib.path.noDollar': 'A JSON path starts with "$"',
  'lib.path.noComparison': 'Unexpected "{op}": a path here has no comparison',
  'lib.path.unexpected': 'Unexpected "{char}" in JSON path',
  'lib.path.errorAt': '{problem} at {at}',
  'lib.path.errorHintAt': '{problem} ({hint}) at {at}',
} as const;

export const libTexts = createTexts(LIB_TEXTS);
