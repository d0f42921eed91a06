import { describe, expect, it } from 'vitest';
import { compileBreakpoints } from '../../../src/intercept/breakpoints';
import { createHoldQueue, type HoldEvent, type HoldQueueOptions } from '../../../src/intercept/hold-queue';
import type { Breakpoint } from '../../../src/protocol/intercept';
import type { Direction, MessageRecord } from '../../../src/protocol/records';
import { createFakeClock, msg } from './fixtures';

function setup(breakpoints: Breakpoint[], extra: Partial<HoldQueueOptions> = {}) {
  const delivered: string[] = [];
  const dropped: string[] = [];
  const events: HoldEvent[] = [];
  const clock = createFakeClock(100);
  const { matcher } = compileBreakpoints(breakpoints);
  const queue = createHoldQueue({
    onDeliver: (connId, dir, m, info) => delivered.push(`${connId}/${dir}:${m.text}${info.marks.edited ? '*' : ''}`),
    onDrop: (connId, dir, m) => dropped.push(`${connId}/${dir}:${m.text}`),
    now: clock.now,
    timers: clock.timers,
    matcher,
    ...extra,
  });
  queue.subscribe((e) => events.push(e));
  /** Offers a message; returns it as the caller would deliver it right away, or nothing. */
  const offer = (connId: string, dir: Direction, text: string, options?: Parameters<typeof queue.offer>[1]) => {
    const m = msg(connId, dir, text);
    if (queue.offer(m, options) === 'deliver-now') delivered.push(`${connId}/${dir}:${text}`);
    return m;
  };
  const id = (text: string) => queue.held().find((h) => h.message.text === text)!.holdId;
  return { queue, delivered, dropped, events, clock, offer, id };
}

const pauseOn = (match: string, direction: Breakpoint['direction'] = 'both'): Breakpoint => ({ id: 'bp', name: 'bp', enabled: true, direction, match });

describe('hold queue', () => {
  it('lets messages through when nothing matches, without touching onDeliver', () => {
    const { queue, delivered, events } = setup([pauseOn('stop')]);
    expect(queue.offer(msg('c1', 'send', 'hello'))).toBe('deliver-now');
    expect(delivered).toEqual([]);
    expect(events).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it('holds a matching message and queues the lane behind it, matching or not', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop 1');
    t.offer('c1', 'send', 'a');
    t.offer('c1', 'send', 'stop 2');
    t.offer('c1', 'send', 'b');
    expect(t.delivered).toEqual([]);
    expect(t.queue.held().map((h) => [h.message.text, h.state])).toEqual([
      ['stop 1', 'paused'],
      ['a', 'waiting'],
      ['stop 2', 'waiting'],
      ['b', 'waiting'],
    ]);
    expect(t.queue.held()[0].breakpoint).toEqual({ id: 'bp', name: 'bp' });

    // Forwarding drains up to the next message that matches, which pauses in turn.
    expect(t.queue.forward(t.id('stop 1'))).toBe(true);
    expect(t.delivered).toEqual(['c1/send:stop 1', 'c1/send:a']);
    expect(t.queue.held().map((h) => [h.message.text, h.state])).toEqual([
      ['stop 2', 'paused'],
      ['b', 'waiting'],
    ]);
    t.queue.forward(t.id('stop 2'));
    expect(t.delivered).toEqual(['c1/send:stop 1', 'c1/send:a', 'c1/send:stop 2', 'c1/send:b']);
    expect(t.queue.size).toBe(0);
    // The lane is gone: the next message takes the fast path again.
    t.offer('c1', 'send', 'c');
    expect(t.delivered.at(-1)).toBe('c1/send:c');
  });

  it('keeps order per direction and per connection, and no more', () => {
    const t = setup([pauseOn('stop', 'send')]);
    t.offer('c1', 'send', 'stop');
    t.offer('c1', 'send', 'out-1');
    t.offer('c1', 'receive', 'in-1'); // other direction: flows
    t.offer('c2', 'send', 'other-conn'); // other connection: flows
    t.offer('c1', 'receive', 'stop in'); // the breakpoint is for sends only
    t.offer('c1', 'send', 'out-2');
    expect(t.delivered).toEqual(['c1/receive:in-1', 'c2/send:other-conn', 'c1/receive:stop in']);
    t.queue.forward(t.id('stop'));
    expect(t.delivered.slice(3)).toEqual(['c1/send:stop', 'c1/send:out-1', 'c1/send:out-2']);
  });

  it('forwards an edited payload and marks it edited (only when it differs)', () => {
    const seen: (MessageRecord & { edited?: boolean })[] = [];
    const queue = createHoldQueue({ onDeliver: (_c, _d, message, info) => seen.push({ ...message, ...info.marks }), matcher: () => ({ id: 'x', name: 'x' }) });
    const original = msg('c1', 'send', 'abc');
    queue.offer(original);
    queue.forward(queue.held()[0].holdId, { opcode: 1, text: 'héllo' });
    expect(seen[0]).toMatchObject({ text: 'héllo', size: 6, edited: true, seq: original.seq });
    expect(original.text).toBe('abc'); // the held record is not mutated

    queue.offer(msg('c1', 'send', 'same'));
    queue.forward(queue.held()[0].holdId, { opcode: 1, text: 'same' });
    expect(seen[1].edited).toBeUndefined();

    queue.offer(msg('c1', 'send', 'to binary'));
    queue.forward(queue.held()[0].holdId, { opcode: 2, base64: 'AAE=' });
    expect(seen[2]).toMatchObject({ opcode: 2, base64: 'AAE=', size: 2, edited: true });
    expect(seen[2].text).toBeUndefined();
  });

  it('drops a held message and lets the lane move on', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'receive', 'stop');
    t.offer('c1', 'receive', 'after');
    expect(t.queue.drop(t.id('stop'))).toBe(true);
    expect(t.dropped).toEqual(['c1/receive:stop']);
    expect(t.delivered).toEqual(['c1/receive:after']);
    expect(t.queue.drop('h999')).toBe(false);
    expect(t.queue.forward('h999')).toBe(false);
    expect(t.events.map((e) => e.type)).toEqual(['paused', 'queued', 'dropped', 'delivered']);
  });

  it('lets the user decide waiting messages early', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop 1');
    t.offer('c1', 'send', 'stop 2');
    t.offer('c1', 'send', 'stop 3');
    t.queue.drop(t.id('stop 2')); // removed from the middle: nothing is delivered yet
    t.queue.forward(t.id('stop 3'), { opcode: 1, text: 'three' }); // decided: will not pause
    expect(t.delivered).toEqual([]);
    expect(t.queue.held().map((h) => [h.message.text, h.decided])).toEqual([
      ['stop 1', undefined],
      ['stop 3', { edited: true }],
    ]);
    t.queue.forward(t.id('stop 1'));
    expect(t.delivered).toEqual(['c1/send:stop 1', 'c1/send:three*']);
  });

  it('releases everything in order, keeping edits, and disarms', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop a');
    t.offer('c1', 'send', 'x');
    t.offer('c1', 'send', 'stop b');
    t.offer('c2', 'receive', 'stop c');
    t.queue.forward(t.id('stop b'), { opcode: 1, text: 'B' });
    expect(t.queue.releaseAll()).toBe(4);
    expect(t.delivered).toEqual(['c1/send:stop a', 'c1/send:x', 'c1/send:B*', 'c2/receive:stop c']);
    expect(t.events.at(-1)).toEqual({ type: 'released', count: 4 });
    t.offer('c1', 'send', 'stop again');
    expect(t.delivered.at(-1)).toBe('c1/send:stop again');
  });

  it('can release without disarming, and one connection at a time', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop 1');
    t.offer('c2', 'send', 'stop 2');
    expect(t.queue.releaseConnection('c1')).toBe(1);
    expect(t.delivered).toEqual(['c1/send:stop 1']);
    t.queue.releaseAll({ disarm: false });
    t.offer('c1', 'send', 'stop 3');
    expect(t.queue.held().map((h) => h.message.text)).toEqual(['stop 3']);
  });

  it('asks the breakpoints in force when a message reaches the head', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop 1');
    t.offer('c1', 'send', 'stop 2');
    t.queue.setMatcher(undefined); // breakpoint switched off: waiting messages will flow
    t.queue.forward(t.id('stop 1'));
    expect(t.delivered).toEqual(['c1/send:stop 1', 'c1/send:stop 2']);
  });

  it('never pauses messages offered without breakpoints, but keeps them in order', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop injected', { breakpoints: false });
    expect(t.delivered).toEqual(['c1/send:stop injected']);
    t.offer('c1', 'send', 'stop');
    t.offer('c1', 'send', 'stop replayed', { breakpoints: false });
    expect(t.delivered).toHaveLength(1);
    t.queue.forward(t.id('stop'));
    expect(t.delivered.slice(1)).toEqual(['c1/send:stop', 'c1/send:stop replayed']);
  });

  it('delays keep lane order: later messages wait for the delayed one', () => {
    const t = setup([]);
    t.offer('c1', 'receive', 'slow', { delayMs: 100 });
    t.offer('c1', 'receive', 'fast');
    t.offer('c1', 'receive', 'slow 2', { delayMs: 30 }); // runs from its offer: done before 'slow'
    t.offer('c1', 'send', 'other lane');
    expect(t.delivered).toEqual(['c1/send:other lane']);
    expect(t.queue.held().map((h) => h.state)).toEqual(['delayed', 'waiting', 'delayed']);
    t.clock.advance(99);
    expect(t.delivered).toHaveLength(1);
    t.clock.advance(1);
    expect(t.delivered.slice(1)).toEqual(['c1/receive:slow', 'c1/receive:fast', 'c1/receive:slow 2']);
    expect(t.clock.pending).toBe(0);
  });

  it('a delayed message can still pause at a breakpoint, and releaseAll skips delays', () => {
    const t = setup([pauseOn('stop')]);
    t.offer('c1', 'send', 'stop', { delayMs: 50 });
    t.clock.advance(50);
    expect(t.queue.held()[0].state).toBe('paused');
    t.queue.forward(t.id('stop'));
    t.offer('c1', 'send', 'later', { delayMs: 1000 });
    t.queue.releaseAll();
    expect(t.delivered).toEqual(['c1/send:stop', 'c1/send:later']);
    expect(t.clock.pending).toBe(0);
  });

  it('keeps order when delivering makes the page offer on the same lane', () => {
    const order: string[] = [];
    const queue = createHoldQueue({
      matcher: (m) => (m.text === 'stop' ? { id: 'b', name: 'b' } : undefined),
      onDeliver: (_c, _d, m) => {
        order.push(m.text!);
        if (m.text === 'stop') queue.offer(msg('c1', 'send', 'reaction'));
      },
    });
    queue.offer(msg('c1', 'send', 'stop'));
    queue.offer(msg('c1', 'send', 'queued'));
    queue.forward(queue.held()[0].holdId);
    expect(order).toEqual(['stop', 'queued', 'reaction']);
    expect(queue.size).toBe(0);
  });

  it('releases a lane that grows past its limit', () => {
    const t = setup([pauseOn('stop')], { maxPerLane: 3 });
    t.offer('c1', 'send', 'stop');
    t.offer('c1', 'send', '1');
    t.offer('c1', 'send', '2');
    expect(t.delivered).toEqual([]);
    t.offer('c1', 'send', '3');
    expect(t.delivered).toEqual(['c1/send:stop', 'c1/send:1', 'c1/send:2', 'c1/send:3']);
    expect(t.events.find((e) => e.type === 'overflow')).toEqual({ type: 'overflow', connId: 'c1', dir: 'send', count: 4 });
  });

  it('survives a throwing onDeliver, matcher and listener', () => {
    const queue = createHoldQueue({
      matcher: (m) => {
        if (m.text === 'bad') throw new Error('matcher bug');
        return m.text === 'stop' ? { id: 'b', name: 'b' } : undefined;
      },
      onDeliver: () => {
        throw new Error('page gone');
      },
    });
    const events: string[] = [];
    queue.subscribe(() => {
      throw new Error('ui bug');
    });
    queue.subscribe((e) => events.push(e.type));
    expect(queue.offer(msg('c1', 'send', 'bad'))).toBe('deliver-now');
    queue.offer(msg('c1', 'send', 'stop'));
    queue.offer(msg('c1', 'send', 'next'));
    queue.forward(queue.held()[0].holdId);
    expect(queue.size).toBe(0);
    expect(events).toEqual(['paused', 'queued', 'deliver-failed', 'delivered', 'deliver-failed', 'delivered']);
  });
});

describe('compileBreakpoints', () => {
  it('matches the first enabled breakpoint whose direction and filter fit', () => {
    const { matcher, invalid } = compileBreakpoints([
      { id: 'off', enabled: false, direction: 'both', match: '' },
      { id: 'in', name: 'incoming trades', enabled: true, direction: 'receive', match: '$.type=trade' },
      { id: 'out', enabled: true, direction: 'send', match: 'subscribe' },
    ]);
    expect(invalid).toEqual([]);
    expect(matcher!(msg('c', 'receive', '{"type":"trade"}'))).toEqual({ id: 'in', name: 'incoming trades' });
    expect(matcher!(msg('c', 'send', '{"type":"trade"}'))).toBeUndefined();
    expect(matcher!(msg('c', 'send', 'subscribe x'))).toEqual({ id: 'out', name: 'subscribe' });
  });

  it('reports broken filters with their position and keeps the others', () => {
    const { matcher, invalid } = compileBreakpoints([
      { id: 'bad', enabled: true, direction: 'both', match: 'size>lots' },
      { id: 'ok', enabled: true, direction: 'both', match: '' },
    ]);
    expect(invalid).toEqual([
      {
        id: 'bad',
        error: expect.stringMatching(/^Bad size "lots" at 5/),
        problem: { code: 'query.atHint', params: { problem: { code: 'query.badSize', params: { value: 'lots' } }, at: 5, hint: { code: 'query.badSizeHint' } } },
        at: 5,
      },
    ]);
    expect(matcher!(msg('c', 'send', 'x'))).toEqual({ id: 'ok', name: '' });
  });

  it('gives no matcher when nothing is enabled', () => {
    expect(compileBreakpoints([{ id: 'a', enabled: false, direction: 'both', match: '' }]).matcher).toBeUndefined();
  });
});
