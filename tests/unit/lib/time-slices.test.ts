import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../src/protocol/records';
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
