/** Coded texts (src/lib/coded-text.ts): what engines say, as a code and params, rendered in English. */
import { describe, expect, it } from 'vitest';
import { CodedError, createTexts, rawText, renderText, templateParams, textOfError } from '../../../src/lib/coded-text';

const texts = createTexts({ raw: '{text}', 'x.at': '{problem} at {at}', 'x.bad': 'Bad "{value}"', 'x.pair': '{b} then {a}, {b} again' } as const);

describe('coded text', () => {
  it('renders English from the catalog, nested texts included', () => {
    const text = texts.text('x.at', { problem: texts.text('x.bad', { value: 'q' }), at: 3 });
    expect(text).toEqual({ code: 'x.at', params: { problem: { code: 'x.bad', params: { value: 'q' } }, at: 3 } });
    expect(texts.english(text)).toBe('Bad "q" at 3');
  });

  it('shows an unknown code as itself and a missing param as its name', () => {
    expect(renderText({ code: 'nope' }, texts.catalog)).toBe('nope');
    expect(renderText({ code: 'x.bad' }, texts.catalog)).toBe('Bad "{value}"');
  });

  it('numbers params in the order they first appear', () => {
    expect(templateParams('{b} then {a}, {b} again')).toEqual(['b', 'a']);
    expect(templateParams('no params')).toEqual([]);
  });

  it('carries the coded text of errors, and anything else thrown as data', () => {
    const text = texts.text('x.bad', { value: 'v' });
    expect(textOfError(new CodedError(text, texts.english(text)))).toBe(text);
    expect(new CodedError(text, texts.english(text)).message).toBe('Bad "v"');
    expect(textOfError(new Error('boom'))).toEqual(rawText('boom'));
    expect(textOfError('plain')).toEqual({ code: 'raw', params: { text: 'plain' } });
  });
});
