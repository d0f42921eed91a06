/**
 * Pairing the page's live messages with the recorded ones (both modes): a live message stands for
 * the earliest recorded page message not paired yet that it matches (match.ts), so a page that
 * sends in another order than recorded is still answered. The player pairs as messages come; the
 * panel pairs a served connection's sent messages again to show which were "unmatched"
 * (`findUnmatched`), with the same rules, so both always agree.
 */
import type { ServeScript } from '../protocol/serve';
import { createMessageMatcher } from './match';
import { parseMessage, type ParsedMessage } from './parse';
import type { ServePayload } from './payload';
import { createServePlan, type ServePlan } from './plan';

export type PairResult =
  /** A heartbeat: answered (or taken silently) by the player itself. */
  | { kind: 'heartbeat'; answer: ServePayload | null }
  /** Stands for recorded page message `index` of the plan. */
  | { kind: 'paired'; index: number }
  | { kind: 'unmatched' };

export interface PagePairing {
  pair(live: ParsedMessage): PairResult;
  /** Whether recorded page message `index` has been paired with a live one. */
  isPaired(index: number): boolean;
}

export function createPagePairing(plan: ServePlan): PagePairing {
  const matches = createMessageMatcher(plan.script.match);
  const paired = new Array<boolean>(plan.page.length).fill(false);
  let firstUnpaired = 0;
  return {
    pair(live) {
      const answer = plan.heartbeats.answerPage(live);
      if (answer !== undefined) return { kind: 'heartbeat', answer };
      while (firstUnpaired < paired.length && paired[firstUnpaired]) firstUnpaired++;
      for (let i = firstUnpaired; i < plan.page.length; i++) {
        if (paired[i] || !matches(plan.page[i].parsed(), live)) continue;
        paired[i] = true;
        return { kind: 'paired', index: i };
      }
      return { kind: 'unmatched' };
    },
    isPaired: (index) => paired[index] === true,
  };
}

/** For each message the page sent on a served socket, in order: whether the log did not expect it. */
export function findUnmatched(script: ServeScript, sent: readonly ServePayload[]): boolean[] {
  const plan = createServePlan(script, script.mode !== 'conversational');
  const pairing = createPagePairing(plan);
  return sent.map((data) => pairing.pair(parseMessage(data, plan.dialect)).kind === 'unmatched');
}
