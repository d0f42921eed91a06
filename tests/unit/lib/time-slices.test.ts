import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/protocol/records';
import { createSlicer, runInSlices } from '../../../src/lib/time-slices';
import { compileQuery, filterInSlices, parseQuery, type FilterRow, type SliceProgress } from '../../../src/query';
import { context } from '../query/fixtures';

/** 200k rows: text JSON, plain text, binary and a control row every 1000. */
function bigCapture(count = 200_000): FilterRow[] {
  const rows: FilterRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const connId = i % 3 === 0 ? 'doc1:1' : 'doc1:2';
    if (i % 1000 === 999) {
      rows[i] = { kind: 'control', event: 'close', connId, time: i };
      continue;
    }
    const dir = i % 2 ? 'receive' : 'send';
    const message: MessageRecord =
      i % 5 === 0
        ? { connId, seq: i, dir, time: i, opcode: 2, size: 2, base64: 'yv4=' }
        : i % 5 === 1
          ? { connId, seq: i, dir, time: i, opcode: 1, size: 5, text: `tick ${i}` }
          : { connId, seq: i, dir, time: i, opcode: 1, size: 20, text: `{"n":${i},"type":"${i % 7 ? 'trade' : 'quote'}"}` };
    rows[i] = message;
  }
  return rows;
}

const rows = bigCapture();

function predicateOf(query: string) {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(parsed.error);
  return compileQuery(parsed.query, context);
}

function syncIndices(predicate: (row: FilterRow) => boolean): number[] {
  const out: number[] = [];
  rows.forEach((row, i) => predicate(row) && out.push(i));
  return out;
}

/** A clock that advances 1 ms each time it is read: slices end after a fixed number of checks. */
function fakeClock() {
  let t = 0;
  return () => t++;
}

describe('filterInSlices', () => {
  it('returns the same indices as a synchronous filter, yielding between slices', async () => {
    const predicate = predicateOf('(dir:in $.type=quote) OR type:control OR cafe');
    let yields = 0;
    const progress: SliceProgress[] = [];
    const result = await filterInSlices(rows, predicate, {
      sliceMs: 8,
      now: fakeClock(),
      rowsPerCheck: 1000,
      yieldToEventLoop: async () => {
        yields++;
      },
      onProgress: (p) => progress.push(p),
    });
    expect(result).toBeInstanceOf(Uint32Array);
    expect(Array.from(result)).toEqual(syncIndices(predicate));
    expect(result.length).toBeGreaterThan(1000);
    // 8 checks of 1000 rows per slice: 25 slices, 24 yields.
    expect(yields).toBe(24);
    expect(progress).toHaveLength(25);
    expect(progress.at(-1)).toEqual({ done: rows.length, total: rows.length, matched: result.length });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].done).toBeGreaterThan(progress[i - 1].done);
      expect(progress[i].matched).toBeGreaterThanOrEqual(progress[i - 1].matched);
    }
  });

  it('passes the index to the predicate and handles every row matching', async () => {
    const seen: number[] = [];
    const result = await filterInSlices(rows.slice(0, 5000), (_row, i) => (seen.push(i), true), {
      now: fakeClock(),
      yieldToEventLoop: async () => {},
    });
    expect(result.length).toBe(5000);
    expect(result[4999]).toBe(4999);
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('stops at the next slice when aborted, rejecting with the abort reason', async () => {
    const controller = new AbortController();
    let tested = 0;
    let yields = 0;
    const run = filterInSlices(
      rows,
      () => {
        tested++;
        return false;
      },
      {
        signal: controller.signal,
        now: fakeClock(),
        rowsPerCheck: 1000,
        yieldToEventLoop: async () => {
          if (++yields === 3) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tested).toBe(3 * 8000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    let tested = 0;
    const reason = new Error('superseded by a newer filter');
    await expect(filterInSlices(rows, () => (tested++, true), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(tested).toBe(0);
  });

  it('works with the default clock and yield', async () => {
    const predicate = predicateOf('tick');
    const some = rows.slice(0, 20_000);
    const result = await filterInSlices(some, predicate, { sliceMs: 0 });
    expect(Array.from(result)).toEqual(syncIndices(predicate).filter((i) => i < 20_000));
  });

  it('handles an empty list', async () => {
    const progress: SliceProgress[] = [];
    const result = await filterInSlices([], () => true, { onProgress: (p) => progress.push(p) });
    expect(result).toEqual(new Uint32Array(0));
    expect(progress).toEqual([{ done: 0, total: 0, matched: 0 }]);
  });
});

/** A clock the test moves by hand. */
function manualClock() {
  const clock = { t: 0, now: () => clock.t };
  return clock;
}

describe('createSlicer', () => {
  it('expires once sliceMs have passed since the slice started, and next() starts a new slice after a yield', async () => {
    const clock = manualClock();
    let yields = 0;
    const slicer = createSlicer({ sliceMs: 10, now: clock.now, yieldToEventLoop: async () => void yields++ });
    expect(slicer.expired()).toBe(false);
    clock.t = 9.9;
    expect(slicer.expired()).toBe(false);
    clock.t = 10;
    expect(slicer.expired()).toBe(true);
    await slicer.next();
    expect(yields).toBe(1);
    expect(slicer.expired()).toBe(false);
    clock.t = 20;
    expect(slicer.expired()).toBe(true);
  });

  it('slices at 8 ms by default', () => {
    const clock = manualClock();
    const slicer = createSlicer({ now: clock.now });
    clock.t = 7.9;
    expect(slicer.expired()).toBe(false);
    clock.t = 8;
    expect(slicer.expired()).toBe(true);
  });

  it('starts the slice after the yield, not before it', async () => {
    const clock = manualClock();
    const slicer = createSlicer({ sliceMs: 5, now: clock.now, yieldToEventLoop: async () => void (clock.t += 100) });
    clock.t = 5;
    await slicer.next();
    expect(slicer.expired()).toBe(false); // the 100 ms spent elsewhere do not count against the new slice
  });
});

describe('runInSlices', () => {
  it('calls step until it returns false, yielding first and whenever a slice has used its time', async () => {
    let steps = 0;
    let yields = 0;
    // Each step reads the clock once (expired): 1 ms per step, 4 steps per slice.
    const task = runInSlices(() => ++steps < 10, { sliceMs: 4, now: fakeClock(), yieldToEventLoop: async () => void yields++ });
    expect(steps).toBe(0); // never runs in the caller's task
    await task.done;
    expect(steps).toBe(10);
    expect(yields).toBeGreaterThan(1);
  });

  it('stops at the next step once cancelled, and done still resolves', async () => {
    let steps = 0;
    let task: ReturnType<typeof runInSlices> | undefined = undefined;
    task = runInSlices(
      () => {
        if (++steps === 3) task!.cancel();
        return true;
      },
      { now: fakeClock(), yieldToEventLoop: async () => {} },
    );
    await task.done;
    expect(steps).toBe(3);
  });

  it('does nothing when cancelled before its first slice', async () => {
    let steps = 0;
    const task = runInSlices(() => (steps++, true), { yieldToEventLoop: async () => {} });
    task.cancel();
    await task.done;
    expect(steps).toBe(0);
  });

  it('works with the default clock and yield', async () => {
    let steps = 0;
    await runInSlices(() => ++steps < 1000, { sliceMs: 0 }).done;
    expect(steps).toBe(1000);
  });
});
