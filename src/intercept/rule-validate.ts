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
import type { TextParam } from '../lib/coded-text';
import { fieldError, type InterceptCode } from './field-error';

type Code = InterceptCode;

const DIRECTIONS = ['send', 'receive', 'both'];
const REPLY_FORMATS = ['text', 'hex', 'base64'];


/** Field-type errors only; an empty list means `value` can be treated as a `Rule`. */
export function checkRuleShape(value: unknown): RuleFieldError[] {
  if (!isRecord(value)) return [fieldError('rule', 'intercept.rule.notObject')];
  const errors: RuleFieldError[] = [];
  const need = (ok: boolean, field: string, code: Code, params?: Record<string, TextParam>) => {
    if (!ok) errors.push(fieldError(field, code, params));
  };
  need(typeof value.id === 'string' && value.id !== '', 'id', 'intercept.rule.needsId');
  need(typeof value.name === 'string', 'name', 'intercept.rule.nameText');
  need(typeof value.enabled === 'boolean', 'enabled', 'intercept.rule.enabledBoolean');
  need(DIRECTIONS.includes(value.direction as string), 'direction', 'intercept.rule.direction');
  need(typeof value.match === 'string', 'match', 'intercept.rule.matchText');
  const action = value.action;
  if (!isRecord(action)) {
    errors.push(fieldError('action', 'intercept.rule.needsAction'));
    return errors;
  }
  const text = (field: string) => need(typeof action[field] === 'string', `action.${field}`, 'intercept.rule.fieldText', { field });
  const optional = (field: string, type: 'boolean' | 'string' | 'number') =>
    need(action[field] === undefined || typeof action[field] === type, `action.${field}`, 'intercept.rule.fieldType', { field, type });
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
      need(typeof action.ms === 'number', 'action.ms', 'intercept.rule.delayNumber');
      break;
    case 'autoReply':
      need(REPLY_FORMATS.includes(action.format as string), 'action.format', 'intercept.rule.replyFormat');
      text('template');
      optional('delayMs', 'number');
      optional('dropOriginal', 'boolean');
      break;
    default:
      errors.push(fieldError('action.type', 'intercept.rule.unknownAction', { type: String(action.type) }));
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
  if (!query.ok) errors.push(fieldError('match', 'intercept.rule.badFilter', { problem: query.problem }, query.at));
  if (rule.action.type === 'autoReply' && rule.direction !== 'send') errors.push(fieldError('direction', 'intercept.rule.autoReplyDirection'));
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
      if (seen.has(id)) errors.push(fieldError('id', 'intercept.rule.duplicateId', { id }));
      seen.add(id);
    }
    if (errors.length) problems.push({ index, id, errors });
  });
  return problems;
}
