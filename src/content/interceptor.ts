/**
 * Interception in the bridge: rules and breakpoints decide what happens to each message the hook
 * holds (see `ask` records). Rules first (block, rewrite, delay, auto-reply), then breakpoints
 * through the hold queue, which keeps order per connection and direction. Runs in the bridge,
 * not the page: the page may have replaced JSON, RegExp or atob in its own world.
 *
 * Every decision carries the marks of what was done (the rule engine's: `rules`, `rule`,
 * `blocked`, `rewritten`, `delayedMs`; the hold queue's: `edited`, `dropped`), which the hook
 * puts on the message's record, so the panel shows them. A blocked or dropped message is recorded
 * too, as discarded. Auto-replies carry `autoReply` and the rule; `inReplyTo` needs the `seq` the
 * hook gives the answered message only when it records it, so the two are paired by the ask
 * token (`askToken` / `replyTo`, resolved by the hook decoder).
 */
import { createHoldQueue, type LaneMessage, type Timers } from '../intercept/hold-queue';
import { compileBreakpoints } from '../intercept/breakpoints';
import { createRuleEngine, type RuleEngine } from '../intercept/rules';
import type { HookMarks } from '../protocol/hook-dialect';
import type { HeldMessage, InterceptConfig, Payload } from '../protocol/intercept';
import type { MessageRecord } from '../protocol/records';

/** A message the hook holds for a decision, in the model's shape (no `seq` yet: 0) plus the hook's token. */
export type AskedMessage = MessageRecord & { token: number };

/** An asked message on its way through the hold queue, with what the rules did to it. */
type RuledMessage = AskedMessage & { marks: HookMarks; changed: boolean };

export interface InterceptorOptions {
  /** The document whose messages these are (held messages name it). */
  docId: string;
  /**
   * Tell the hook what to do with held message `token`: forward it (with `payload` when that
   * changed) or drop it; `marks` (undefined: none) go on its record either way.
   */
  decide(token: number, forward: boolean, payload: Payload | undefined, marks: HookMarks | undefined): void;
  /** An auto-reply for the page. */
  deliver(connId: string, payload: Payload, marks: HookMarks): void;
  /** The held list changed. */
  onHeld(held: HeldMessage[]): void;
  timers?: Timers;
}

export interface Interceptor {
  /** Applies a configuration; returns which directions the hook must hold. */
  configure(config: InterceptConfig): { send: boolean; receive: boolean };
  ask(message: AskedMessage): void;
  forward(holdId: string, edited?: Payload): boolean;
  drop(holdId: string): boolean;
  /** Lets everything go (the panel closed): a page is never stuck. */
  releaseAll(): void;
  /** What is held now, as `onHeld` reports it (for a panel that attaches later). */
  held(): HeldMessage[];
}

/** Marks worth sending: none becomes undefined, so the hook's records stay lean. */
const someMarks = (marks: HookMarks): HookMarks | undefined => {
  for (const key in marks) if (marks[key as keyof HookMarks] !== undefined) return marks;
  return undefined;
};

export function createInterceptor(options: InterceptorOptions): Interceptor {
  const timers: Timers = options.timers ?? { setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  let engine: RuleEngine = createRuleEngine([]);
  const payloadOf = (m: MessageRecord): Payload => (m.opcode === 1 ? { opcode: 1, text: m.text ?? '' } : { opcode: 2, base64: m.base64 ?? '' });

  const queue = createHoldQueue<RuledMessage>({
    timers,
    onDeliver(_connId, _dir, message, info) {
      const edited = info.marks.edited === true;
      options.decide(message.token, true, edited || message.changed ? payloadOf(message) : undefined, someMarks({ ...message.marks, ...info.marks }));
    },
    onDrop(_connId, _dir, message, info) {
      options.decide(message.token, false, undefined, someMarks({ ...message.marks, ...info.marks }));
    },
  });
  const heldList = (): HeldMessage[] =>
    queue.held().map((h: LaneMessage<RuledMessage>) => ({
      docId: options.docId,
      holdId: h.holdId,
      connId: h.connId,
      dir: h.dir,
      state: h.state,
      since: h.since,
      ...(h.breakpoint ? { breakpoint: h.breakpoint.name || h.breakpoint.id } : {}),
      opcode: h.message.opcode,
      ...(h.message.opcode === 1 ? { text: h.message.text } : { base64: h.message.base64 }),
      size: h.message.size,
    }));
  queue.subscribe(() => options.onHeld(heldList()));

  return {
    configure(config) {
      engine = createRuleEngine(config.rules);
      const { matcher } = compileBreakpoints(config.breakpoints);
      queue.setMatcher(matcher);
      const directions = [
        ...config.rules.filter((r) => r.enabled).map((r) => r.direction),
        ...config.breakpoints.filter((b) => b.enabled).map((b) => b.direction),
      ];
      return {
        send: directions.some((d) => d === 'send' || d === 'both'),
        receive: directions.some((d) => d === 'receive' || d === 'both'),
      };
    },
    ask(message) {
      let current: RuledMessage = { ...message, marks: {}, changed: false };
      let delayMs = 0;
      if (engine.active) {
        const outcome = engine.apply(message);
        const token = message.token;
        for (const reply of outcome.replies) {
          // The engine's `inReplyTo` is the asked message's seq, which it has none of yet.
          const { inReplyTo: _unknownYet, ...marks } = reply.marks;
          timers.setTimeout(() => options.deliver(message.connId, reply.payload, { ...marks, replyTo: token }), reply.delayMs);
        }
        const marks: HookMarks = outcome.replies.length ? { ...outcome.marks, askToken: token } : outcome.marks;
        if (outcome.verdict === 'drop') {
          // Nothing waits behind a dropped message: it goes nowhere, now.
          return options.decide(token, false, undefined, someMarks(marks));
        }
        current = { ...outcome.message, token, marks, changed: outcome.changed };
        delayMs = outcome.delayMs;
      }
      if (queue.offer(current, delayMs > 0 ? { delayMs } : undefined) === 'deliver-now') {
        options.decide(current.token, true, current.changed ? payloadOf(current) : undefined, someMarks(current.marks));
      }
    },
    forward: (holdId, edited) => queue.forward(holdId, edited),
    drop: (holdId) => queue.drop(holdId),
    releaseAll() {
      queue.releaseAll();
      engine = createRuleEngine([]);
    },
    held: heldList,
  };
}
