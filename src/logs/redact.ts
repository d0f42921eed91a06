/**
 * User redaction rules for message payloads, applied on export (HAR and NDJSON).
 *
 * - `regex`: every match in a text payload becomes `REDACTED` (the whole match: use a lookbehind
 *   such as `(?<=token=)\w+` to keep the context). Always applied globally.
 * - `jsonPath`: for text payloads that parse as a JSON object or array, each selected value becomes
 *   the string "REDACTED" and the payload is re-serialized compactly (only when something matched,
 *   so other payloads keep their formatting). Paths are the dialect of filters and rules
 *   (src/lib/json-path.ts), `..key` and `[-1]` included.
 *
 * JSON-path rules run first, then regex rules. Binary payloads (opcode 2) are left untouched:
 * their bytes have no reliable text form to match against.
 *
 * Rules are checked before any payload is touched: a bad rule gives a `RedactionRuleError`
 * naming it, never an exception from deep inside an export.
 */
import { findJsonPathSlots, jsonPathErrorText, parseJsonPath, type JsonPathSegment } from '../lib/json-path';
import { rawText, type CodedText } from '../lib/coded-text';
import { logsTexts } from './texts';

const { text: said, english } = logsTexts;

export const REDACTED = 'REDACTED';

export type RedactionRule =
  | { kind: 'regex'; pattern: string; flags?: string; label?: string }
  | { kind: 'jsonPath'; path: string; label?: string };

export interface RedactionRuleError {
  /** Position of the rule in the list (0-based). */
  index: number;
  rule: RedactionRule;
  /** Names the rule, e.g. `Redaction rule 2 (regex /(abc/): Invalid regular expression: ...`. */
  message: string;
  /** The same as coded text (src/lib/coded-text.ts). */
  problem: CodedText;
}

export class InvalidRedactionRulesError extends Error {
  readonly errors: RedactionRuleError[];
  constructor(errors: RedactionRuleError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InvalidRedactionRulesError';
    this.errors = errors;
  }
}

export interface Redactor {
  /** No rules: callers can skip payload work entirely. */
  readonly isEmpty: boolean;
  readonly ruleCount: number;
  redactText(text: string): string;
}

export type RedactorResult = { ok: true; redactor: Redactor } | { ok: false; errors: RedactionRuleError[] };

function describeRule(rule: unknown, index: number): CodedText {
  const r = rule as Partial<{ kind: string; pattern: string; flags: string; path: string; label: string }>;
  const which = `${index + 1}${typeof r?.label === 'string' && r.label ? ` "${r.label}"` : ''}`;
  if (r?.kind === 'regex') return said('logs.redact.ruleRegex', { which, pattern: String(r.pattern), flags: r.flags ?? '' });
  if (r?.kind === 'jsonPath') return said('logs.redact.ruleJsonPath', { which, path: String(r.path) });
  return said('logs.redact.rule', { which });
}

/** Checks and compiles rules. Returns every problem at once so a settings UI can show them all. */
export function createRedactor(rules: readonly RedactionRule[] = []): RedactorResult {
  const errors: RedactionRuleError[] = [];
  const regexes: RegExp[] = [];
  const paths: JsonPathSegment[][] = [];

  rules.forEach((rule, index) => {
    const problem = (what: CodedText) => {
      const text = said('logs.redact.problem', { rule: describeRule(rule, index), problem: what });
      errors.push({ index, rule, message: english(text), problem: text });
    };
    if (typeof rule !== 'object' || rule === null) return problem(said('logs.redact.notObject'));
    if (rule.kind === 'regex') {
      if (typeof rule.pattern !== 'string' || rule.pattern === '') return problem(said('logs.redact.emptyPattern'));
      let regex: RegExp;
      try {
        // Global always: a redaction that only hides the first occurrence hides nothing.
        const flags = (rule.flags ?? '').replace(/g/g, '') + 'g';
        regex = new RegExp(rule.pattern, flags);
      } catch (error) {
        return problem(rawText((error as Error).message));
      }
      // A pattern that matches empty text would insert REDACTED between every character.
      if (new RegExp(regex.source, regex.flags.replace('g', '')).test('')) return problem(said('logs.redact.matchesEmpty'));
      regexes.push(regex);
    } else if (rule.kind === 'jsonPath') {
      const parsed = parseJsonPath(rule.path);
      if (!parsed.ok) return problem(jsonPathErrorText(parsed));
      paths.push(parsed.path);
    } else {
      problem(said('logs.redact.unknownKind', { kind: String(JSON.stringify((rule as { kind?: unknown }).kind)) }));
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  const redactor: Redactor = {
    isEmpty: regexes.length === 0 && paths.length === 0,
    ruleCount: rules.length,
    redactText(text: string): string {
      let result = text;
      if (paths.length > 0 && looksLikeJsonContainer(result)) {
        let document: unknown;
        let parsed = true;
        try {
          document = JSON.parse(result);
        } catch {
          parsed = false;
        }
        if (parsed) {
          const replaced = replaceJsonPaths(document, paths, REDACTED);
          if (replaced.changed) result = JSON.stringify(replaced.value);
        }
      }
      for (const regex of regexes) {
        regex.lastIndex = 0;
        result = result.replace(regex, REDACTED);
      }
      return result;
    },
  };
  return { ok: true, redactor };
}

/** Like `createRedactor` but throws `InvalidRedactionRulesError` (before touching any payload). */
export function createRedactorOrThrow(rules: readonly RedactionRule[] = []): Redactor {
  const result = createRedactor(rules);
  if (!result.ok) throw new InvalidRedactionRulesError(result.errors);
  return result.redactor;
}

/** Applies `rules` to one text payload. Throws `InvalidRedactionRulesError` for bad rules. */
export function redactText(text: string, rules: readonly RedactionRule[]): string {
  return createRedactorOrThrow(rules).redactText(text);
}

/**
 * Replaces every value the paths select with `replacement`. Mutates containers inside `document`
 * and returns the (possibly new) document, and whether anything was selected.
 */
function replaceJsonPaths(document: unknown, paths: readonly (readonly JsonPathSegment[])[], replacement: unknown): { value: unknown; changed: boolean } {
  let value = document;
  let changed = false;
  for (const path of paths) {
    if (path.length === 0) {
      value = replacement;
      changed = true;
      continue;
    }
    const slots = findJsonPathSlots(value, path);
    for (const [holder, key] of slots) (holder as Record<string | number, unknown>)[key] = replacement;
    if (slots.length > 0) changed = true;
  }
  return { value, changed };
}

function looksLikeJsonContainer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b /* { */ || c === 0x5b /* [ */;
  }
  return false;
}
