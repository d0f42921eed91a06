import { describe, expect, it } from 'vitest';
import { createInterceptor } from '../../../src/content/interceptor';
import type { HookMarks } from '../../../src/protocol/hook-dialect';
import type { HeldMessage } from '../../../src/protocol/intercept';

const ask = (token: number, text: string, dir: 'send' | 'receive' = 'send') => ({ token, connId: 'd:1', seq: 0, dir, time: token, opcode: 1 as const, size: text.length, text });

function setup() {
  /** [token, forward, text sent on, edited, rule names] */
  const decisions: [number, boolean, string | undefined, boolean, string | undefined][] = [];
  /** The marks of each decision, in the same order. */
  const decidedMarks: (HookMarks | undefined)[] = [];
  const replies: [string, string | undefined, string | undefined][] = [];
  const replyMarks: HookMarks[] = [];
  const held: HeldMessage[][] = [];
  const timers: (() => void)[] = [];
  const interceptor = createInterceptor({
    docId: 'doc',
    decide: (token, forward, payload, marks) => {
      decisions.push([token, forward, payload?.text, marks?.edited === true, marks?.rule]);
      decidedMarks.push(marks);
    },
    deliver: (connId, payload, marks) => {
      replies.push([connId, payload.text, marks.rule]);
      replyMarks.push(marks);
    },
    onHeld: (list) => held.push(list),
    timers: { setTimeout: (cb) => timers.push(cb), clearTimeout: () => {} },
  });
  return { interceptor, decisions, decidedMarks, replies, replyMarks, held, timers };
}

describe('interceptor (bridge)', () => {
  it('says which directions the hook must hold', () => {
    const { interceptor } = setup();
    expect(interceptor.configure({ rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'receive', match: '' }] })).toEqual({ send: false, receive: true });
    expect(interceptor.configure({ rules: [{ id: 'r', name: 'r', enabled: true, direction: 'both', match: '', action: { type: 'block' } }], breakpoints: [] })).toEqual({ send: true, receive: true });
    expect(interceptor.configure({ rules: [{ id: 'r', name: 'r', enabled: false, direction: 'both', match: '', action: { type: 'block' } }], breakpoints: [] })).toEqual({ send: false, receive: false });
  });

  it('blocks, rewrites and auto-replies by rule, naming the rule', () => {
    const { interceptor, decisions, replies, timers } = setup();
    interceptor.configure({
      rules: [
        { id: '1', name: 'no secrets', enabled: true, direction: 'send', match: 'secret', action: { type: 'block' } },
        { id: '2', name: 'shout', enabled: true, direction: 'send', match: 'hi', action: { type: 'replace', find: 'hi', replace: 'HI' } },
        { id: '3', name: 'pong', enabled: true, direction: 'send', match: '$.type=ping', action: { type: 'autoReply', format: 'text', template: '{"type":"pong"}' } },
      ],
      breakpoints: [],
    });
    interceptor.ask(ask(1, 'a secret'));
    interceptor.ask(ask(2, 'hi there'));
    interceptor.ask(ask(3, '{"type":"ping"}'));
    for (const run of timers) run();
    expect(decisions).toEqual([
      [1, false, undefined, false, 'no secrets'],
      [2, true, 'HI there', false, 'shout'],
      [3, true, undefined, false, 'pong'],
    ]);
    expect(replies).toEqual([['d:1', '{"type":"pong"}', 'pong']]);
  });

  it('holds at a breakpoint with what follows, forwards an edit in order, then releases all', () => {
    const { interceptor, decisions, held } = setup();
    interceptor.configure({ rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'send', match: 'stop' }] });
    interceptor.ask(ask(1, 'go'));
    interceptor.ask(ask(2, 'stop here'));
    interceptor.ask(ask(3, 'after'));
    expect(decisions.map((d) => d[0])).toEqual([1]);
    const paused = held.at(-1)!;
    expect(paused.map((h) => [h.text, h.state])).toEqual([
      ['stop here', 'paused'],
      ['after', 'waiting'],
    ]);
    interceptor.forward(paused[0].holdId, { opcode: 1, text: 'stop, edited' });
    expect(decisions.slice(1)).toEqual([
      [2, true, 'stop, edited', true, undefined],
      [3, true, undefined, false, undefined],
    ]);
    interceptor.ask(ask(4, 'stop again'));
    interceptor.releaseAll();
    expect(decisions.at(-1)).toEqual([4, true, undefined, false, undefined]);
  });

  it('tells what it holds when asked, as onHeld reported it', () => {
    const { interceptor, held } = setup();
    expect(interceptor.held()).toEqual([]);
    interceptor.configure({ rules: [], breakpoints: [{ id: 'b', enabled: true, direction: 'send', match: 'stop' }] });
    interceptor.ask(ask(1, 'stop'));
    interceptor.ask(ask(2, 'behind'));
    expect(interceptor.held()).toEqual(held.at(-1));
    expect(interceptor.held().map((h) => [h.docId, h.text, h.state])).toEqual([
      ['doc', 'stop', 'paused'],
      ['doc', 'behind', 'waiting'],
    ]);
    interceptor.releaseAll();
    expect(interceptor.held()).toEqual([]);
  });

  it('marks what it did on each decision: blocked, rewritten, delayed, dropped, or nothing', () => {
    const { interceptor, decidedMarks, held, timers } = setup();
    interceptor.configure({
      rules: [
        { id: '1', name: 'no secrets', enabled: true, direction: 'send', match: 'secret', action: { type: 'block' } },
        { id: '2', name: 'shout', enabled: true, direction: 'send', match: 'hi', action: { type: 'replace', find: 'hi', replace: 'HI' } },
        { id: '3', name: 'slow', enabled: true, direction: 'send', match: 'slow', action: { type: 'delay', ms: 250 } },
      ],
      breakpoints: [{ id: 'b', enabled: true, direction: 'receive', match: 'stop' }],
    });
    interceptor.ask(ask(1, 'a secret'));
    interceptor.ask(ask(2, 'hi there'));
    interceptor.ask(ask(3, 'slow one'));
    interceptor.ask(ask(4, 'plain'));
    for (const run of timers.splice(0)) run();
    interceptor.ask(ask(5, 'stop', 'receive'));
    interceptor.drop(held.at(-1)![0].holdId);
    expect(decidedMarks).toEqual([
      { blocked: true, rules: [{ id: '1', name: 'no secrets' }], rule: 'no secrets' },
      { rewritten: true, rules: [{ id: '2', name: 'shout' }], rule: 'shout' },
      { delayedMs: 250, rules: [{ id: '3', name: 'slow' }], rule: 'slow' },
      // `plain` waited behind the delayed one (same lane), and nothing acted on it.
      undefined,
      { dropped: true },
    ]);
  });

  it("gives an auto-reply the rule's marks, and pairs it with its message through the ask token", () => {
    const { interceptor, decisions, decidedMarks, replyMarks, timers } = setup();
    interceptor.configure({
      rules: [{ id: '3', name: 'pong', enabled: true, direction: 'send', match: 'ping', action: { type: 'autoReply', format: 'text', template: 'pong', dropOriginal: true } }],
      breakpoints: [],
    });
    interceptor.ask(ask(9, 'ping'));
    expect(decisions).toEqual([[9, false, undefined, false, 'pong']]);
    expect(decidedMarks[0]).toEqual({ blocked: true, rules: [{ id: '3', name: 'pong' }], rule: 'pong', askToken: 9 });
    for (const run of timers) run();
    // No `inReplyTo` yet (the asked message has no seq): the hook decoder resolves `replyTo`.
    expect(replyMarks).toEqual([{ autoReply: true, rules: [{ id: '3', name: 'pong' }], rule: 'pong', replyTo: 9 }]);
  });
});
