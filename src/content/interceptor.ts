/**
 * Interception in the bridge: rules and breakpoints decide what happens to each message the hook
 * holds (see `ask` records). Rules first (block, rewrite, delay, auto-reply), then breakpoints
 * through the hold queue, which keeps order per connection and direction. Runs in the bridge,
 * not the page: the page may have replaced JSON, RegExp or atob in its own world.
 */
import { createHoldQueue, type LaneMessage } from '../intercept/hold-queue';
import { compileBreakpoints } from '../intercept/breakpoints';
import { createRuleEngine, type RuleEngine } from '../intercept/rules';
import type { HeldMessage, InterceptConfig, Payload } from '../protocol/intercept';
import type { Direction, MessageRecord } from '../protocol/records';

type Asked = MessageRecord & { token: number; ruleNames?: string; changed?: boolean };

export interface InterceptorOptions {
  /** The document whose messages these are (held messages name it). */
  docId: string;
  /** Tell the hook what to do with held message `token`. */
  decide(token: number, forward: boolean, payload: Payload | undefined, edited: boolean, rule: string | undefined): void;
  /** An auto-reply for the page. */
  deliver(connId: string, payload: Payload, rule: string): void;
  /** The held list changed. */
  onHeld(held: HeldMessage[]): void;
  timers?: { setTimeout(cb: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

export interface Interceptor {
  /** Applies a configuration; returns which directions the hook must hold. */
  configure(config: InterceptConfig): { send: boolean; receive: boolean };
  ask(message: Asked): void;
  forward(holdId: string, edited?: Payload): boolean;
  drop(holdId: string): boolean;
  /** Lets everything go (the panel closed): a page is never stuck. */
  releaseAll(): void;
}

export function createInterceptor(options: InterceptorOptions): Interceptor {
  const timers = options.timers ?? { setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };
  let engine: RuleEngine = createRuleEngine([]);
  const payloadOf = (m: MessageRecord): Payload => (m.opcode === 1 ? { opcode: 1, text: m.text ?? '' } : { opcode: 2, base64: m.base64 ?? '' });

  const queue = createHoldQueue<Asked>({
    timers,
    onDeliver(_connId, _dir, message, info) {
      const edited = info.marks.edited === true;
      options.decide(message.token, true, edited || message.changed ? payloadOf(message) : undefined, edited, message.ruleNames);
    },
    onDrop(_connId, _dir, message) {
      options.decide(message.token, false, undefined, false, message.ruleNames);
    },
  });
  queue.subscribe(() =>
    options.onHeld(
      queue.held().map((h: LaneMessage<Asked>) => ({
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
      })),
    ),
  );

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
      let current: Asked = message;
      let delayMs = 0;
      if (engine.active) {
        const outcome = engine.apply(message);
        const names = outcome.acted.map((r) => r.name || r.id).join(', ') || undefined;
        for (const reply of outcome.replies) {
          const rule = reply.rule.name || reply.rule.id;
          timers.setTimeout(() => options.deliver(message.connId, reply.payload, rule), reply.delayMs);
        }
        if (outcome.verdict === 'drop') {
          // Nothing waits behind a dropped message: it goes nowhere, now.
          return options.decide(message.token, false, undefined, false, names);
        }
        current = { ...outcome.message, token: message.token, ruleNames: names, changed: outcome.changed };
        delayMs = outcome.delayMs;
      }
      if (queue.offer(current, delayMs > 0 ? { delayMs } : undefined) === 'deliver-now') {
        options.decide(current.token, true, current.changed ? payloadOf(current) : undefined, false, current.ruleNames);
      }
    },
    forward: (holdId, edited) => queue.forward(holdId, edited),
    drop: (holdId) => queue.drop(holdId),
    releaseAll() {
      queue.releaseAll();
      engine = createRuleEngine([]);
    },
  };
}
