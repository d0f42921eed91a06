/**
 * Rule validation in two layers:
 *   shape     (`checkRuleShape`) is it a rule at all: fields present with the right types.
 *             Stored lists drop entries that fail it (they cannot be shown or run).
 *   meaning   (`validateRule`) does it work: the query parses, the regex compiles, the path and
 *             the JSON value read, the template's placeholders exist. Stored lists keep such
 *             rules so the user can fix them; the engine skips them and says why.
 * Messages are sentences for the rule editor; `at` is an offset into the named text field.
 */
import { isRecord } from '../lib/objects';
import { parseQuery } from '../query/parse';
import { compileAction } from './rule-actions';
import type { ParseOptions } from '../query/types';
import type { Rule, RuleFieldError } from '../protocol/rules';

const DIRECTIONS = ['send', 'receive', 'both'];
const REPLY_FORMATS = ['text', 'hex', 'base64'];


/** Field-type errors only; an empty list means `value` can be treated as a `Rule`. */
export function checkRuleShape(value: unknown): RuleFieldError[] {
  if (!isRecord(value)) return [{ field: 'rule', message: 'A rule must be an object' }];
  const errors: RuleFieldError[] = [];
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  need(typeof value.id === 'string' && value.id !== '', 'id', 'The rule needs an id (non-empty text)');
  need(typeof value.name === 'string', 'name', 'The name must be text');
  need(typeof value.enabled === 'boolean', 'enabled', '"enabled" must be true or false');
  need(DIRECTIONS.includes(value.direction as string), 'direction', 'The direction must be "send", "receive" or "both"');
  need(typeof value.match === 'string', 'match', 'The match must be filter text (empty matches everything)');
  const action = value.action;
  if (!isRecord(action)) {
    errors.push({ field: 'action', message: 'The rule needs an action' });
    return errors;
  }
  const text = (field: string) => need(typeof action[field] === 'string', `action.${field}`, `"${field}" must be text`);
  const optional = (field: string, type: 'boolean' | 'string' | 'number') =>
    need(action[field] === undefined || typeof action[field] === type, `action.${field}`, `"${field}" must be a ${type} when present`);
  switch (action.type) {
    case 'block':
      break;
    case 'replace':
      text('find');
      text('replace');
      optional('regex', 'boolean');
      optional('flags', 'string');
      break;
    case 'setJson':
      text('path');
      text('value');
      break;
    case 'replaceHex':
      text('find');
      text('replace');
      break;
    case 'delay':
      need(typeof action.ms === 'number', 'action.ms', 'The delay must be a number of milliseconds');
      break;
    case 'autoReply':
      need(REPLY_FORMATS.includes(action.format as string), 'action.format', 'The reply format must be "text", "hex" or "base64"');
      text('template');
      optional('delayMs', 'number');
      optional('dropOriginal', 'boolean');
      break;
    default:
      errors.push({
        field: 'action.type',
        message: `Unknown action "${String(action.type)}" (use block, replace, setJson, replaceHex, delay or autoReply)`,
      });
  }
  return errors;
}

/**
 * Every problem that would stop the rule from running; an empty list means it is valid.
 * `options` are the filter's parse options (extra decoded fields), as the engine gets them.
 */
export function validateRule(value: unknown, options?: ParseOptions): RuleFieldError[] {
  const shape = checkRuleShape(value);
  if (shape.length) return shape;
  const rule = value as Rule;
  const errors: RuleFieldError[] = [];
  const query = parseQuery(rule.match, options);
  if (!query.ok) errors.push({ field: 'match', message: `Bad filter: ${query.error}`, at: query.at });
  if (rule.action.type === 'autoReply' && rule.direction !== 'send') {
    errors.push({ field: 'direction', message: 'Auto-reply answers messages the page sends: set the direction to "send"' });
  }
  const action = compileAction(rule.action);
  if (!action.ok) errors.push(...action.errors);
  return errors;
}

export interface RuleListProblem {
  index: number;
  id: string | undefined;
  errors: RuleFieldError[];
}

/** `validateRule` for a list, plus ids used twice (toggles and marks refer to rules by id). */
export function validateRules(rules: readonly unknown[], options?: ParseOptions): RuleListProblem[] {
  const problems: RuleListProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const errors = validateRule(rule, options);
    const id = isRecord(rule) && typeof rule.id === 'string' ? rule.id : undefined;
    if (id !== undefined && id !== '') {
      if (seen.has(id)) errors.push({ field: 'id', message: `Another rule already has the id "${id}"` });
      seen.add(id);
    }
    if (errors.length) problems.push({ index, id, errors });
  });
  return problems;
}
