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
