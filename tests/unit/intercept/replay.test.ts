import { describe, expect, it } from 'vitest';
import { createReplaySchedule, runReplay, type ReplayStep } from '../../../src/intercept/replay';
import type { MessageRecord } from '../../../src/protocol/records';
import { createFakeClock, text } from './fixtures';

const at = (time: number, payload: string, seq = time) => text(payload, { time, seq });

describe('createReplaySchedule', () => {
  const selected = [at(1_500, 'c'), at(1_000, 'a'), at(1_200, 'b', 7), at(1_200, 'b0', 3)];
  const shape = (steps: ReplayStep<MessageRecord>[]) => steps.map((s) => [s.atMs, s.message.text, s.index]);

  it('orders by time then seq and keeps the original gaps', () => {
    expect(shape(createReplaySchedule(selected))).toEqual([
      [0, 'a', 0],
      [200, 'b0', 1],
      [200, 'b', 2],
      [500, 'c', 3],
    ]);
  });

  it('scales and caps gaps', () => {
    expect(createReplaySchedule(selected, { mode: 'original', scale: 0.5 }).map((s) => s.atMs)).toEqual([0, 100, 100, 250]);
    expect(createReplaySchedule(selected, { mode: 'original', maxGapMs: 150 }).map((s) => s.atMs)).toEqual([0, 150, 150, 300]);
    expect(createReplaySchedule(selected, { mode: 'original', scale: 0 }).map((s) => s.atMs)).toEqual([0, 0, 0, 0]);
  });

  it('spaces messages by a fixed delay', () => {
    expect(createReplaySchedule(selected, { mode: 'fixed', delayMs: 40 }).map((s) => s.atMs)).toEqual([0, 40, 80, 120]);
  });

  it('refuses negative or non-finite numbers', () => {
    expect(() => createReplaySchedule(selected, { mode: 'fixed', delayMs: -1 })).toThrow('The delay must be a number, 0 or more');
    expect(() => createReplaySchedule(selected, { mode: 'original', scale: NaN })).toThrow(RangeError);
  });

  it('does not reorder the caller\'s array', () => {
    createReplaySchedule(selected);
    expect(selected.map((m) => m.text)).toEqual(['c', 'a', 'b', 'b0']);
  });
});

describe('runReplay', () => {
  const schedule = createReplaySchedule([at(0, 'a'), at(100, 'b'), at(100, 'c'), at(350, 'd')]);

  it('sends each message at its time on the injected clock', async () => {
    const clock = createFakeClock(5_000);
    const sent: [number, string][] = [];
    const progress: number[] = [];
    const run = runReplay(schedule, { send: (m) => void sent.push([clock.now() - 5_000, m.text!]), timers: clock.timers, now: clock.now, onProgress: (n) => progress.push(n) });
    expect(sent).toEqual([[0, 'a']]); // the first goes at once
    clock.advance(99);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toEqual([[0, 'a'], [100, 'b'], [100, 'c']]);
    clock.advance(1_000);
    expect(sent.at(-1)).toEqual([350, 'd']);
    expect(await run.done).toEqual({ status: 'done', sent: 4 });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(run.cancel()).toBe(false);
  });

  it('times steps from the start, so late timers do not add up', () => {
    const clock = createFakeClock();
    const sent: number[] = [];
    runReplay(schedule, { send: () => void sent.push(clock.now()), timers: clock.timers, now: clock.now });
    clock.advance(300); // b and c fire at 100
    expect(sent).toEqual([0, 100, 100]);
    // Pretend the timer for d fires late (the tab was busy): the schedule does not shift.
    clock.advance(200);
    expect(sent).toEqual([0, 100, 100, 350]);
  });

  it('can be cancelled between messages', async () => {
    const clock = createFakeClock();
    const sent: string[] = [];
    const run = runReplay(schedule, { send: (m) => void sent.push(m.text!), timers: clock.timers, now: clock.now });
    clock.advance(100);
    expect(run.cancel()).toBe(true);
    clock.advance(1_000);
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(await run.done).toEqual({ status: 'cancelled', sent: 3 });
    expect(clock.pending).toBe(0);
  });

  it('stops at a send that fails', async () => {
    const clock = createFakeClock();
    const run = runReplay(schedule, {
      send: (m) => {
        if (m.text === 'b') throw new Error('socket closed');
      },
      timers: clock.timers,
      now: clock.now,
    });
    clock.advance(1_000);
    expect(await run.done).toEqual({ status: 'failed', sent: 1, error: 'socket closed' });
  });

  it('waits for asynchronous sends, in order', async () => {
    const clock = createFakeClock();
    const sent: string[] = [];
    const run = runReplay(schedule.slice(0, 3), {
      send: async (m) => {
        await Promise.resolve();
        sent.push(m.text!);
      },
      timers: clock.timers,
      now: clock.now,
    });
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(100);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(await run.done).toEqual({ status: 'done', sent: 3 });
  });

  it('reports a rejected send', async () => {
    const run = runReplay(schedule, { send: () => Promise.reject(new Error('nope')), timers: createFakeClock().timers, now: () => 0 });
    expect(await run.done).toEqual({ status: 'failed', sent: 0, error: 'nope' });
  });

  it('finishes at once with an empty schedule', async () => {
    expect(await runReplay([], { send: () => undefined }).done).toEqual({ status: 'done', sent: 0 });
  });
});
