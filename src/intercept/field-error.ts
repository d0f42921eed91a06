/** A rule's field error (`RuleFieldError`), said in English and as coded text at once. */
import type { CodedText, TextParam } from '../lib/coded-text';
import type { RuleFieldError } from '../protocol/rules';
import { interceptTexts } from './texts';

export type InterceptCode = keyof typeof interceptTexts.catalog;

export function fieldError(field: string, code: InterceptCode, params?: Record<string, TextParam>, at?: number): RuleFieldError {
  return fieldErrorOf(field, interceptTexts.text(code, params), at);
}

export function fieldErrorOf(field: string, problem: CodedText, at?: number): RuleFieldError {
  const error: RuleFieldError = { field, message: interceptTexts.english(problem), problem };
  if (at !== undefined) error.at = at;
  return error;
}
