/** Which messages a rule or a breakpoint looks at, by direction. */
import type { RuleDirection } from '../protocol/rules';
import type { Direction } from '../protocol/records';

export function directionMatches(wanted: RuleDirection, dir: Direction): boolean {
  return wanted === 'both' || wanted === dir;
}
