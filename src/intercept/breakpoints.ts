/**
 * Breakpoints: filters (the same query language as the message filter and rules) that pause
 * matching messages in the hold queue until the user forwards, edits or drops them.
 *
 *   const { matcher, invalid } = compileBreakpoints(breakpoints, matchContext);
 *   const queue = createHoldQueue({ onDeliver, matcher });
 *   // when the list changes: queue.setMatcher(compileBreakpoints(next, matchContext).matcher)
 *
 * Ordering guarantees and the queue's life cycle are described in `hold-queue.ts`.
 * Recommended order in the bridge: rules first, then breakpoints, so a paused message shows
 * what would actually be delivered and blocked messages never pause.
 */
import type { MessageRecord } from '../protocol/records';
import type { CodedText } from '../lib/coded-text';
import { createRowFilter } from '../query/compile';
import type { MatchContext, ParseOptions, RowPredicate } from '../query/types';
import type { BreakpointMatcher, BreakpointRef } from './hold-queue';
import { directionMatches } from './direction';
import type { Breakpoint } from '../protocol/intercept';
import type { RuleDirection } from '../protocol/rules';


export interface BreakpointProblem {
  id: string;
  /** The parser's message, with the offset: `Unknown field "foo" at 0 (...)`. */
  error: string;
  /** The same as coded text (src/lib/coded-text.ts). */
  problem: CodedText;
  at: number;
}

/**
 * One matcher for a list: the first enabled breakpoint whose direction and filter fit. Broken
 * filters are left out (and reported) so one typo does not disable the others.
 */
export function compileBreakpoints(
  breakpoints: readonly Breakpoint[],
  context: MatchContext = {},
  options?: ParseOptions,
): { matcher: BreakpointMatcher | undefined; invalid: BreakpointProblem[] } {
  const active: { ref: BreakpointRef; direction: RuleDirection; predicate: RowPredicate }[] = [];
  const invalid: BreakpointProblem[] = [];
  for (const bp of breakpoints) {
    const filter = createRowFilter(bp.match, context, options);
    if (!filter.ok) {
      invalid.push({ id: bp.id, error: filter.error, problem: filter.problem, at: filter.at });
      continue;
    }
    if (bp.enabled) active.push({ ref: { id: bp.id, name: bp.name || bp.match }, direction: bp.direction, predicate: filter.predicate });
  }
  // `undefined` rather than a matcher that never matches: the queue's hot path skips it.
  if (active.length === 0) return { matcher: undefined, invalid };
  const matcher: BreakpointMatcher = (message: MessageRecord) => {
    for (const bp of active) if (directionMatches(bp.direction, message.dir) && bp.predicate(message)) return bp.ref;
    return undefined;
  };
  return { matcher, invalid };
}
