/**
 * The rule engine: applies a list of rules to each message without pausing it.
 *
 *   const engine = createRuleEngine(rules, { match: matchContext });
 *   const outcome = engine.apply(message);
 *   if (outcome.verdict === 'drop') ...        // blocked
 *   else deliver(outcome.message, after outcome.delayMs);
 *   for (const reply of outcome.replies) deliverToPage(reply.payload, after reply.delayMs);
 *
 * Semantics (in list order, over enabled and valid rules whose direction fits the message):
 *   - Each rule's filter sees the message as the rules before it left it, so rewrites chain
 *     and a later rule can match what an earlier one wrote.
 *   - block drops the message and ends the run: rules after it are not looked at ("first block
 *     wins"). Auto-replies already produced still go to the page; delays no longer matter.
 *   - rewrites (replace, setJson, replaceHex) chain; one that changes nothing has not acted.
 *   - delays add up; the message is delivered after their sum.
 *   - autoReply produces a reply for the page (after its own `delayMs`, counted from now, not
 *     after the message's delays: the reply does not travel the network the delays simulate).
 *     With `dropOriginal` it also drops the message, like a block.
 *   - `acted` lists the rules that did something, in order; the marks say the same for the
 *     record, so the timeline can show "rule X acted".
 * `apply` never throws: a rule that fails at run time (a reply template that expands to bad
 * hex) is reported in `problems` and the message goes on as if the rule had not matched.
 *
 * Apply rules to the whole payload as the page sent it (or the server delivered it), never to
 * a truncated record: a rewrite of a prefix would be delivered as the whole message.
 * The engine uses the global JSON, RegExp, TextEncoder and atob/btoa, so it belongs in the
 * bridge (ISOLATED world), not in the MAIN-world hook where the page can replace them.
 */
import { textOfError, type CodedText } from '../lib/coded-text';
import type { MessageRecord } from '../protocol/records';
import { createRowFilter } from '../query/compile';
import type { MatchContext, ParseOptions, RowPredicate } from '../query/types';
import { directionMatches } from './direction';
import { payloadOf, withPayload } from './payload-edit';
import { compileAction, type CompiledAction } from './rule-actions';
import type { Rule, RuleFieldError } from '../protocol/rules';
import { validateRule } from './rule-validate';
import { ruleLabel, type InterceptMarks, type Payload, type RuleRef } from '../protocol/intercept';

export * from '../protocol/rules';
export { checkRuleShape, validateRule, validateRules, type RuleListProblem } from './rule-validate';
export { parseRules, serializeRules, storedRules, setRuleEnabled, RULES_FORMAT_VERSION, type RulesParse, type StoredRules } from './rule-storage';

export interface RuleEngineContext {
  /** For filter terms that need the outside (`url:`, `conn:` numbers, decoded fields). */
  match?: MatchContext;
  parseOptions?: ParseOptions;
  /** Wall clock for `{{time}}` (default Date.now). */
  now?: () => number;
  /** In [0, 1), for `{{random}}` (default Math.random). */
  random?: () => number;
}

/** An incoming message an auto-reply rule produced, for the page. */
export interface AutoReply {
  payload: Payload;
  /** After how long, from now, the page gets it. */
  delayMs: number;
  rule: RuleRef;
  /** Marks for the reply's record: `autoReply`, `inReplyTo`, `rule`, `rules`. */
  marks: InterceptMarks;
}

export interface RuleProblem {
  rule: RuleRef;
  /** In English. */
  error: string;
  /** The same as coded text (src/lib/coded-text.ts). */
  problem: CodedText;
}

export interface RuleOutcome<M extends MessageRecord = MessageRecord> {
  /** `drop`: the message goes nowhere (blocked, or answered by an auto-reply that drops it). */
  verdict: 'deliver' | 'drop';
  /** The message to deliver: the input itself when no rewrite acted, else a copy with the new payload. */
  message: M;
  /** A rewrite changed the payload. */
  changed: boolean;
  /** Total delay before delivering (0 when dropped). */
  delayMs: number;
  replies: AutoReply[];
  /** Rules that acted, in order. */
  acted: RuleRef[];
  /** The rule that dropped the message. */
  droppedBy?: RuleRef;
  /** What to merge into the message's record (delivered or dropped); `{}` when nothing acted. */
  marks: InterceptMarks;
  problems: RuleProblem[];
}

export interface RuleEngine {
  apply<M extends MessageRecord>(message: M): RuleOutcome<M>;
  /** Switches a rule without rebuilding; false when no valid rule has that id. */
  setEnabled(id: string, enabled: boolean): boolean;
  /** Rules skipped because they do not validate, with the reasons. */
  readonly invalid: readonly { rule: RuleRef; errors: RuleFieldError[] }[];
  /** Whether any rule is enabled: when not, callers can skip `apply` altogether. */
  readonly active: boolean;
}

interface Compiled {
  ref: RuleRef;
  enabled: boolean;
  direction: Rule['direction'];
  matches: RowPredicate;
  action: CompiledAction;
  replies: number;
}

function refOf(rule: { id?: unknown; name?: unknown }): RuleRef {
  return { id: typeof rule.id === 'string' ? rule.id : '', name: typeof rule.name === 'string' ? rule.name : '' };
}

export function createRuleEngine(rules: readonly Rule[], context: RuleEngineContext = {}): RuleEngine {
  const now = context.now ?? Date.now;
  const random = context.random ?? Math.random;
  const compiled: Compiled[] = [];
  const invalid: { rule: RuleRef; errors: RuleFieldError[] }[] = [];
  for (const rule of rules) {
    const errors = validateRule(rule, context.parseOptions);
    const filter = errors.length ? undefined : createRowFilter(rule.match, context.match, context.parseOptions);
    const action = errors.length ? undefined : compileAction(rule.action);
    if (!filter?.ok || !action?.ok) {
      invalid.push({ rule: refOf(rule), errors });
      continue;
    }
    compiled.push({ ref: refOf(rule), enabled: rule.enabled, direction: rule.direction, matches: filter.predicate, action: action.action, replies: 0 });
  }

  function apply<M extends MessageRecord>(original: M): RuleOutcome<M> {
    let message = original;
    let delayMs = 0;
    const acted: RuleRef[] = [];
    const replies: AutoReply[] = [];
    const problems: RuleProblem[] = [];
    let droppedBy: RuleRef | undefined;

    for (const rule of compiled) {
      if (!rule.enabled || !directionMatches(rule.direction, message.dir)) continue;
      try {
        if (!rule.matches(message)) continue;
        const action = rule.action;
        switch (action.type) {
          case 'block':
            droppedBy = rule.ref;
            break;
          case 'rewrite': {
            const payload = action.rewrite(payloadOf(message));
            if (!payload) continue;
            message = withPayload(message, payload);
            break;
          }
          case 'delay':
            if (action.ms === 0) continue;
            delayMs += action.ms;
            break;
          case 'autoReply': {
            if (message.dir !== 'send') continue; // validation requires it; a forged list must not loop
            const payload = action.reply(message, { seq: rule.replies + 1, time: now(), random: random() });
            rule.replies++;
            const ref = rule.ref;
            replies.push({
              payload,
              delayMs: action.delayMs,
              rule: ref,
              marks: { autoReply: true, inReplyTo: original.seq, rules: [ref], rule: ruleLabel([ref]) },
            });
            if (action.dropOriginal) droppedBy = ref;
            break;
          }
        }
        acted.push(rule.ref);
        if (droppedBy) break;
      } catch (e) {
        problems.push({ rule: rule.ref, error: e instanceof Error ? e.message : String(e), problem: textOfError(e) });
      }
    }

    const changed = message !== original;
    const marks: InterceptMarks = {};
    if (acted.length) {
      marks.rules = acted;
      marks.rule = ruleLabel(acted);
    }
    if (droppedBy) marks.blocked = true;
    else {
      if (changed) marks.rewritten = true;
      if (delayMs > 0) marks.delayedMs = delayMs;
    }
    const outcome: RuleOutcome<M> = {
      verdict: droppedBy ? 'drop' : 'deliver',
      message,
      changed,
      delayMs: droppedBy ? 0 : delayMs,
      replies,
      acted,
      marks,
      problems,
    };
    if (droppedBy) outcome.droppedBy = droppedBy;
    return outcome;
  }

  return {
    apply,
    setEnabled(id, enabled) {
      let found = false;
      for (const rule of compiled) {
        if (rule.ref.id === id) {
          rule.enabled = enabled;
          found = true;
        }
      }
      return found;
    },
    invalid,
    get active() {
      return compiled.some((r) => r.enabled);
    },
  };
}
