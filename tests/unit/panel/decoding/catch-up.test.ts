/** Background catch-up of stateful sessions (src/panel/decoding/catch-up.ts), with an injected clock and yield. */
import { describe, expect, it } from 'vitest';
import { createCatchUp } from '../../../../src/panel/decoding/catch-up';

function slicing() {
  let time = 0;
  let yields = 0;
  return {
    options: { sliceMs: 8, now: () => time, yieldToEventLoop: async () => void yields++ },
    spend: (ms: number) => (time += ms),
    yields: () => yields,
  };
}

describe('catch-up', () => {
  it('feeds in steps, gives the event loop a turn whenever a slice is used up, and says when every connection is there', async () => {
    const clock = slicing();
    const fedTo = new Map<number, number>();
    let caughtUp = 0;
    const done = new Promise<void>((resolve) => {
      const catchUp = createCatchUp(
        (connIndex, target) => {
          clock.spend(3); // each step costs 3 ms
          const at = Math.min(target, (fedTo.get(connIndex) ?? 0) + 100);
          fedTo.set(connIndex, at);
          return at >= target;
        },
        () => {
          caughtUp++;
          resolve();
        },
        clock.options,
      );
      catchUp.request(0, 1000);
      catchUp.request(1, 500);
      catchUp.request(0, 800); // a nearer target does not replace a further one
    });
    await done;
    expect(Object.fromEntries(fedTo)).toEqual({ 0: 1000, 1: 500 });
    expect(caughtUp).toBe(1);
    // 15 steps of 3 ms in 8 ms slices: a yield before the first slice and after every third step.
    expect(clock.yields()).toBeGreaterThanOrEqual(5);
  });

  it('forgets a dropped connection', async () => {
    const clock = slicing();
    const fed: number[] = [];
    await new Promise<void>((resolve) => {
      const catchUp = createCatchUp(
        (connIndex) => {
          fed.push(connIndex);
          return true;
        },
        resolve,
        clock.options,
      );
      catchUp.request(3, 10);
      catchUp.request(4, 10);
      catchUp.drop(3);
    });
    expect(fed).toEqual([4]);
  });
});
