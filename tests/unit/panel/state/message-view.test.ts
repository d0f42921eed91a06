import { describe, expect, it } from 'vitest';
import { createMessageTable } from '../../../../src/panel/state/message-table';
import { ALL_ROWS, createMessageView } from '../../../../src/panel/state/message-view';
import type { MessageRecord } from '../../../../src/protocol/records';
import { parseQuery } from '../../../../src/query/parse';
import { compileQuery } from '../../../../src/query/compile';

function setup(count: number) {
  const table = createMessageTable();
  for (let i = 0; i < count; i++) {
    const record: MessageRecord = { connId: `c${i % 3}`, seq: i + 1, dir: i % 2 ? 'receive' : 'send', time: i, opcode: i % 5 === 0 ? 2 : 1, size: i, text: `{"n":${i}}`, base64: 'AA==' };
    if (record.opcode === 2) delete record.text;
    else delete record.base64;
    table.append(record, i % 3);
  }
  const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
  return { table, view };
}
const ids = (view: { count: number; idAt(i: number): number }) => Array.from({ length: view.count }, (_, i) => view.idAt(i));

describe('message view', () => {
  it('shows everything by default and takes in newcomers on refresh', () => {
    const { table, view } = setup(10);
    view.refresh();
    expect(view.count).toBe(10);
    table.append({ connId: 'c0', seq: 99, dir: 'send', time: 99, opcode: 1, size: 1, text: 'x' }, 0);
    view.refresh();
    expect(view.count).toBe(11);
  });

  it('filters by connection, direction, type, time range and query, in slices', async () => {
    const { view } = setup(3000);
    const query = parseQuery('$.n>2000');
    if (!query.ok) throw new Error(query.error);
    await view.setCriteria({ ...ALL_ROWS, connections: new Set([1]), showReceive: false, showBinary: false, range: [0, 2600], query: compileQuery(query.query) });
    const shown = ids(view);
    expect(shown.length).toBeGreaterThan(0);
    for (const id of shown) {
      expect(id % 3).toBe(1);
      expect(id % 2).toBe(0);
      expect(id % 5).not.toBe(0);
      expect(id).toBeGreaterThan(2000);
      expect(id).toBeLessThanOrEqual(2600);
    }
    const expected = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 3 === 1 && i % 2 === 0 && i % 5 !== 0 && i > 2000 && i <= 2600);
    expect(shown).toEqual(expected);
    expect(view.indexOfId(expected[5])).toBe(5);
    expect(view.indexOfId(1)).toBe(-1);
  });

  it('forgets rows the table dropped', () => {
    const { table, view } = setup(100);
    view.refresh();
    table.dropOldest(40);
    view.refresh();
    expect(view.count).toBe(40);
    expect(view.idAt(0)).toBe(60);
  });

  it('a newer criteria change wins over one still running', async () => {
    const { view } = setup(50_000);
    const first = view.setCriteria({ ...ALL_ROWS, showSend: false });
    const second = view.setCriteria({ ...ALL_ROWS, showReceive: false });
    await Promise.all([first, second]);
    expect(ids(view).every((id) => id % 2 === 0)).toBe(true);
    expect(view.criteria.showReceive).toBe(false);
  });
});

describe('message view counts', () => {
  it('counts messages apart from connection events, also after the oldest rows are dropped', () => {
    const table = createMessageTable();
    table.append({ kind: 'control', connId: 'c0', event: 'open', time: 0, detail: '' }, 0);
    for (let i = 1; i <= 5; i++) table.append({ connId: 'c0', seq: i, dir: 'send', time: i, opcode: 1, size: 1, text: 'x' }, 0);
    const view = createMessageView(table, (id) => table.row(id, 'c0'), () => {});
    view.refresh();
    expect([view.count, view.messageCount, table.messageCount]).toEqual([6, 5, 5]);
    table.dropOldest(4);
    view.refresh();
    expect([view.count, view.messageCount, table.messageCount]).toEqual([4, 4, 4]);
  });
});

describe('message view: time order across frames', () => {
  /** Rows of connection `conn` at these times, appended in the order given (arrival order). */
  function arrive(table: ReturnType<typeof createMessageTable>, conn: number, times: number[]) {
    for (const time of times) table.append({ connId: `c${conn}`, seq: time, dir: 'receive', time, opcode: 1, size: 1, text: `${conn}@${time}` }, conn);
  }
  const times = (table: ReturnType<typeof createMessageTable>, view: { count: number; idAt(i: number): number }) => ids(view).map((id) => table.time(id));

  it('shows interleaved batches of several frames in time order (29.018 then 29.012 no more)', () => {
    const table = createMessageTable();
    const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
    arrive(table, 0, [29_010, 29_018]);
    view.refresh();
    arrive(table, 1, [29_012, 29_020]);
    view.refresh();
    arrive(table, 0, [29_019, 29_030]);
    arrive(table, 1, [29_025]);
    view.refresh();
    expect(times(table, view)).toEqual([29_010, 29_012, 29_018, 29_019, 29_020, 29_025, 29_030]);
    for (let i = 0; i < view.count; i++) expect(view.indexOfId(view.idAt(i))).toBe(i);
  });

  it('keeps arrival order for equal times, and a close row before the same batch’s earlier messages goes after them', () => {
    const table = createMessageTable();
    table.append({ connId: 'c0', seq: 1, dir: 'send', time: 5, opcode: 1, size: 1, text: 'a' }, 0);
    table.append({ kind: 'control', connId: 'c0', event: 'close', time: 9, detail: '1000' }, 0);
    table.append({ connId: 'c0', seq: 2, dir: 'send', time: 5, opcode: 1, size: 1, text: 'b' }, 0);
    table.append({ connId: 'c0', seq: 3, dir: 'receive', time: 8, opcode: 1, size: 1, text: 'c' }, 0);
    const view = createMessageView(table, (id) => table.row(id, 'c0'), () => {});
    view.refresh();
    expect(ids(view)).toEqual([0, 2, 3, 1]);
    expect([view.count, view.messageCount]).toEqual([4, 3]);
  });

  it('a filter change sorts what it finds, and late rows after it merge in', async () => {
    const table = createMessageTable();
    arrive(table, 0, [10, 30, 50]);
    arrive(table, 1, [20, 40, 60]);
    const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
    await view.setCriteria({ ...ALL_ROWS });
    expect(times(table, view)).toEqual([10, 20, 30, 40, 50, 60]);
    arrive(table, 2, [35, 5, 70]);
    view.refresh();
    expect(times(table, view)).toEqual([5, 10, 20, 30, 35, 40, 50, 60, 70]);
  });

  it('forgets dropped rows wherever the time order put them, and counts stay right', () => {
    const table = createMessageTable();
    const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
    arrive(table, 0, [100, 300]);
    table.append({ kind: 'control', connId: 'c1', event: 'open', time: 50, detail: '' }, 1);
    arrive(table, 1, [200, 400]);
    view.refresh();
    expect(times(table, view)).toEqual([50, 100, 200, 300, 400]);
    table.dropOldest(2); // keeps 2: rows 0 (100), 1 (300) and the open row (50) go
    view.refresh();
    expect(times(table, view)).toEqual([200, 400]);
    expect([view.count, view.messageCount]).toEqual([2, 2]);
    expect(view.indexOfId(1)).toBe(-1);
  });

  it('matches a plain sort of what is held, through random interleaving, filters and drops', async () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const table = createMessageTable();
    const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
    const clocks = [0, 0, 0, 0];
    for (let round = 0; round < 300; round++) {
      const conn = Math.floor(random() * 4);
      // Each frame's clock moves forward; its batch may be behind the others' (late batches).
      const batch = Array.from({ length: 1 + Math.floor(random() * 8) }, () => (clocks[conn] += Math.floor(random() * 30)));
      arrive(table, conn, batch);
      if (random() < 0.1) table.dropOldest(Math.floor(table.size * 0.8));
      if (random() < 0.05) await view.setCriteria({ ...ALL_ROWS, showSend: false });
      view.refresh();
      const held: number[] = [];
      for (let id = table.firstId; id < table.endId; id++) held.push(id);
      held.sort((a, b) => table.time(a) - table.time(b) || a - b);
      expect(ids(view)).toEqual(held);
    }
    for (let i = 0; i < view.count; i += 17) expect(view.indexOfId(view.idAt(i))).toBe(i);
  });

  it('stays fast at scale: 200,000 rows from four frames in interleaved batches', () => {
    const table = createMessageTable();
    const view = createMessageView(table, (id) => table.row(id, `c${table.connIndex(id)}`), () => {});
    const started = performance.now();
    let t = 0;
    for (let batch = 0; batch < 10_000; batch++) {
      const conn = batch % 4;
      // Each frame's batch starts a little before the previous frame's ended.
      const start = t - 5;
      arrive(table, conn, Array.from({ length: 20 }, (_, i) => start + i));
      t = start + 20;
      if (batch % 4 === 3) view.refresh();
    }
    view.refresh();
    expect(view.count).toBe(200_000);
    expect(performance.now() - started).toBeLessThan(3000);
    let ok = true;
    for (let i = 1; i < view.count; i++) if (table.time(view.idAt(i - 1)) > table.time(view.idAt(i))) ok = false;
    expect(ok).toBe(true);
  });
});
