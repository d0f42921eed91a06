/**
 * Rules as stored per origin (under `originStorageKey('rules', origin)`) and as exported to a
 * file: `{ "version": 1, "rules": [...] }`. A bare array of rules is read too (hand-written
 * files). Reading is lenient per rule and strict about the envelope: one malformed entry is
 * skipped and reported, never the whole list.
 */
import { checkRuleShape } from './rule-validate';
import { fieldError } from './field-error';
import { readStoredList } from './stored-list';
import type { CodedText } from '../lib/coded-text';
import type { Rule, RuleAction, RuleFieldError } from '../protocol/rules';

export const RULES_FORMAT_VERSION = 1;

export interface StoredRules {
  version: number;
  rules: Rule[];
}

export type RulesParse =
  | { ok: true; rules: Rule[]; skipped: { index: number; errors: RuleFieldError[] }[] }
  | { ok: false; error: string; problem: CodedText };

/** The stored form as a JSON-compatible value (what `storage.set` takes). */
export function storedRules(rules: readonly Rule[]): StoredRules {
  return { version: RULES_FORMAT_VERSION, rules: rules.map(cleanRule) };
}

/** The stored form as JSON text (for files and string-only storage). */
export function serializeRules(rules: readonly Rule[]): string {
  return JSON.stringify(storedRules(rules));
}

/**
 * Reads rules from JSON text or from an already parsed value (extension storage returns
 * objects). Entries with the wrong shape or a repeated id are skipped with their errors; rules
 * that are well-formed but invalid (a bad regex) are kept: see `rule-validate.ts`.
 */
export function parseRules(input: unknown): RulesParse {
  const read = readStoredList(input, 'rules', RULES_FORMAT_VERSION);
  if (!read.ok) return { ok: false, error: read.error, problem: read.problem };
  const rules: Rule[] = [];
  const skipped: { index: number; errors: RuleFieldError[] }[] = [];
  const ids = new Set<string>();
  read.entries.forEach((entry, index) => {
    const errors = checkRuleShape(entry);
    if (!errors.length && ids.has((entry as Rule).id)) {
      errors.push(fieldError('id', 'intercept.rule.duplicateId', { id: (entry as Rule).id }));
    }
    if (errors.length) skipped.push({ index, errors });
    else {
      const rule = cleanRule(entry as Rule);
      ids.add(rule.id);
      rules.push(rule);
    }
  });
  return { ok: true, rules, skipped };
}

/** Known fields only, so stored rules do not accumulate whatever the editor had attached. */
function cleanRule(rule: Rule): Rule {
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    direction: rule.direction,
    match: rule.match,
    action: cleanAction(rule.action),
  };
}

function cleanAction(action: RuleAction): RuleAction {
  switch (action.type) {
    case 'block':
      return { type: 'block' };
    case 'replace': {
      const out: RuleAction = { type: 'replace', find: action.find, replace: action.replace };
      if (action.regex !== undefined) out.regex = action.regex;
      if (action.flags !== undefined) out.flags = action.flags;
      return out;
    }
    case 'setJson':
      return { type: 'setJson', path: action.path, value: action.value };
    case 'replaceHex':
      return { type: 'replaceHex', find: action.find, replace: action.replace };
    case 'delay':
      return { type: 'delay', ms: action.ms };
    case 'autoReply': {
      const out: RuleAction = { type: 'autoReply', format: action.format, template: action.template };
      if (action.delayMs !== undefined) out.delayMs = action.delayMs;
      if (action.dropOriginal !== undefined) out.dropOriginal = action.dropOriginal;
      return out;
    }
  }
}

/** The list with one rule switched on or off (a new array; the others are the same objects). */
export function setRuleEnabled(rules: readonly Rule[], id: string, enabled: boolean): Rule[] {
  return rules.map((r) => (r.id === id && r.enabled !== enabled ? { ...r, enabled } : r));
}
