import { describe, expect, it } from 'vitest';
import { createMessageTable } from '../../../../src/panel/state/message-table';
import { timelineSeries } from '../../../../src/panel/chart/timeline-series';

describe('timeline series', () => {
  it('buckets messages and bytes per second, each direction, for the chosen connections', () => {
    const table = createMessageTable();
    const t0 = 1_700_000_000_000;
    // 10 s of traffic: one sent (100 B) every second on conn 0, two received (10 B) on conn 1.
    for (let s = 0; s < 10; s++) {
      table.append({ connId: 'a', seq: s, dir: 'send', time: t0 + s * 1000, opcode: 1, size: 100, text: 'x' }, 0);
      table.append({ connId: 'b', seq: s, dir: 'receive', time: t0 + s * 1000 + 10, opcode: 1, size: 10, text: 'y' }, 1);
      table.append({ connId: 'b', seq: s, dir: 'receive', time: t0 + s * 1000 + 20, opcode: 2, size: 10, base64: '' }, 1);
    }
    table.append({ kind: 'control', connId: 'a', event: 'open', time: t0 - 50_000, detail: '' }, 0);
    const all = timelineSeries(table, null, 20);
    expect(all.bucketSeconds).toBe(0.5);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) * all.bucketSeconds;
    expect(sum(all.sentMessages)).toBeCloseTo(10);
    expect(sum(all.receivedMessages)).toBeCloseTo(20);
    expect(sum(all.sentBytes)).toBeCloseTo(1000);
    expect(sum(all.receivedBytes)).toBeCloseTo(200);
    expect(all.x[0]).toBe(t0 / 1000);
    const onlyA = timelineSeries(table, new Set([0]), 20);
    expect(onlyA.receivedMessages.every((v) => v === 0)).toBe(true);
  });
  it('is empty without messages', () => {
    expect(timelineSeries(createMessageTable(), null).x).toEqual([]);
  });
});
