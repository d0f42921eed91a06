/** The one scan over a connection's rows (src/panel/state/connection-rows.ts). */
import { describe, expect, it } from 'vitest';
import { createMessageTable } from '../../../../src/panel/state/message-table';
import { forEachMessageRowOf, isMessageRowOf, messageRowsBefore, messageRowsOf, rowsOfConnections } from '../../../../src/panel/state/connection-rows';
import type { MessageRecord } from '../../../../src/protocol/records';

/** Rows 0..11: connections 0, 1, 0, 1... with a control row of connection 0 at row 4. */
function table() {
  const t = createMessageTable();
  for (let i = 0; i < 12; i++) {
    const conn = i % 2;
    if (i === 4) t.append({ kind: 'control', connId: 'c0', event: 'open', time: i, detail: '' }, 0);
    else t.append({ connId: `c${conn}`, seq: i + 1, dir: 'send', time: i, opcode: 1, size: 1, text: String(i) } satisfies MessageRecord, conn);
  }
  return t;
}

describe('connection rows', () => {
  it('skips other connections and control rows', () => {
    const t = table();
    expect(isMessageRowOf(t, 2, 0)).toBe(true);
    expect(isMessageRowOf(t, 4, 0)).toBe(false); // control row
    expect(isMessageRowOf(t, 3, 0)).toBe(false); // connection 1
    expect(messageRowsOf(t, 0, 0, Infinity)).toEqual([0, 2, 6, 8, 10]);
    expect(messageRowsOf(t, 0, 3, 2)).toEqual([6, 8]);
  });

  it('walks a range clamped to the rows the table holds', () => {
    const t = table();
    t.dropOldest(8); // rows 0..3 gone
    const seen: number[] = [];
    forEachMessageRowOf(t, 1, -100, 100, (id) => seen.push(id));
    expect(seen).toEqual([5, 7, 9, 11]);
    expect(messageRowsOf(t, 0, 0, Infinity)).toEqual([6, 8, 10]);
  });

  it('looks back for the rows before one, within a bound, oldest first', () => {
    const t = table();
    expect(messageRowsBefore(t, 0, 10, 3, 100)).toEqual([2, 6, 8]);
    expect(messageRowsBefore(t, 0, 10, 10, 5)).toEqual([6, 8]); // rows 6..9 only
  });

  it('takes every row of some connections, or of all', () => {
    const t = table();
    expect(rowsOfConnections(t, new Set([1]))).toEqual([1, 3, 5, 7, 9, 11]);
    expect(rowsOfConnections(t, new Set([0]))).toEqual([0, 2, 4, 6, 8, 10]);
    expect(rowsOfConnections(t, null)).toHaveLength(12);
  });
});
