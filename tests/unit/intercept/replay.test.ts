import { describe, expect, it } from 'vitest';
import { createReplaySchedule, replayCommandOf, runReplay, type ReplayStep } from '../../../src/intercept/replay';
import type { MessageRecord } from '../../../src/protocol/records';
import { binary, createFakeClock, text } from './fixtures';

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

  it('finishes once every asynchronous send is acknowledged, having sent them in order', async () => {
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

  describe('acknowledgements do not stretch the gaps', () => {
    // Recorded at 0, 100, 130 and 400 ms: gaps of 100, 30 and 270 ms.
    const recorded = createReplaySchedule([at(10_000, 'a'), at(10_100, 'b'), at(10_130, 'c'), at(10_400, 'd')]);

    /** Replays with every send acknowledged `ackMs` after it was made; returns when each was made (ms from the start). */
    async function replayWithAckDelay(steps: ReplayStep<MessageRecord>[], ackMs: number) {
      const clock = createFakeClock(1_000);
      const sentAt: [string, number][] = [];
      const run = runReplay(steps, {
        send: (m) => {
          sentAt.push([m.text!, clock.now() - 1_000]);
          return new Promise<void>((resolve) => clock.timers.setTimeout(resolve, ackMs));
        },
        timers: clock.timers,
        now: clock.now,
      });
      for (let ms = 0; ms < 3_000; ms += 10) {
        clock.advance(10);
        await Promise.resolve(); // let acknowledgements settle between ticks
      }
      return { sentAt, result: await run.done };
    }

    it.each([0, 5, 50, 100, 250, 1_000])('replayed gaps equal the recorded gaps with acknowledgements taking %i ms', async (ackMs) => {
      const { sentAt, result } = await replayWithAckDelay(recorded, ackMs);
      expect(sentAt).toEqual([['a', 0], ['b', 100], ['c', 130], ['d', 400]]);
      expect(result).toEqual({ status: 'done', sent: 4 });
    });

    it('caps long gaps, still measured from the start, whatever the acknowledgement delay', async () => {
      const capped = createReplaySchedule(recorded.map((s) => s.message), { mode: 'original', maxGapMs: 200 });
      for (const ackMs of [0, 300]) {
        const { sentAt } = await replayWithAckDelay(capped, ackMs);
        expect(sentAt.map(([, ms]) => ms)).toEqual([0, 100, 130, 330]);
      }
    });

    it('a late acknowledgement neither holds back nor reorders the next sends', async () => {
      const clock = createFakeClock();
      const sent: string[] = [];
      const acks: (() => void)[] = [];
      let finished = false;
      const run = runReplay(recorded, {
        send: (m) => {
          sent.push(m.text!);
          return new Promise<void>((resolve) => acks.push(resolve));
        },
        timers: clock.timers,
        now: clock.now,
      });
      void run.done.then(() => (finished = true));
      clock.advance(400);
      expect(sent).toEqual(['a', 'b', 'c', 'd']); // none acknowledged yet
      acks[3]();
      acks[1]();
      await Promise.resolve();
      expect(run.sent).toBe(2);
      expect(finished).toBe(false); // done only once every send is acknowledged
      acks[0]();
      acks[2]();
      expect(await run.done).toEqual({ status: 'done', sent: 4 });
    });

    it('stops sending at the first failed acknowledgement', async () => {
      const clock = createFakeClock();
      const sent: string[] = [];
      const run = runReplay(recorded, {
        send: (m) => {
          sent.push(m.text!);
          return m.text === 'b' ? Promise.reject(new Error('socket closed')) : Promise.resolve();
        },
        timers: clock.timers,
        now: clock.now,
      });
      clock.advance(100);
      expect(await run.done).toEqual({ status: 'failed', sent: 1, error: 'socket closed' });
      clock.advance(1_000);
      expect(sent).toEqual(['a', 'b']);
      expect(clock.pending).toBe(0);
    });
  });

  it('reports a rejected send', async () => {
    const run = runReplay(schedule, { send: () => Promise.reject(new Error('nope')), timers: createFakeClock().timers, now: () => 0 });
    expect(await run.done).toEqual({ status: 'failed', sent: 0, error: 'nope' });
  });

  it('finishes at once with an empty schedule', async () => {
    expect(await runReplay([], { send: () => undefined }).done).toEqual({ status: 'done', sent: 0 });
  });
});

describe('replayCommandOf', () => {
  it('resends a sent message and re-delivers a received one, marked as replayed', () => {
    expect(replayCommandOf(text('hi', { connId: 'c7', dir: 'send' }))).toEqual({ connId: 'c7', action: 'send', mark: 'replayed', text: 'hi' });
    expect(replayCommandOf(binary([1, 2], { connId: 'c7', dir: 'receive' }), 'injected')).toEqual({ connId: 'c7', action: 'deliver', mark: 'injected', base64: 'AQI=' });
  });
});
