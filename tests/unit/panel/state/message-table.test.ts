import { describe, expect, it } from 'vitest';
import { createMessageTable } from '../../../../src/panel/state/message-table';
import type { MessageRecord } from '../../../../src/protocol/records';

const text = (seq: number, extra: Partial<MessageRecord> = {}): MessageRecord => ({ connId: 'c', seq, dir: 'send', time: seq * 10, opcode: 1, size: 3, text: `t${seq}`, ...extra });

describe('message table', () => {
  it('stores rows by column and gives them back whole', () => {
    const table = createMessageTable(2);
    const a = table.append(text(1), 0);
    const b = table.append({ connId: 'c', seq: 2, dir: 'receive', time: 20.5, opcode: 2, size: 4, base64: 'AAECAw==', truncated: true }, 1);
    const c = table.append({ kind: 'control', connId: 'c', event: 'close', time: 30, detail: '1000 bye: now' }, 1);
    table.append(text(4, { discarded: true }), 0); // forces growth past the initial capacity
    expect(table.row(a, 'c')).toEqual(text(1));
    expect(table.row(b, 'c')).toEqual({ connId: 'c', seq: 2, dir: 'receive', time: 20.5, opcode: 2, size: 4, base64: 'AAECAw==', truncated: true });
    expect(table.row(c, 'c')).toEqual({ kind: 'control', connId: 'c', event: 'close', time: 30, detail: '1000 bye: now' });
    expect(table.row(3, 'c')).toMatchObject({ discarded: true });
    expect([table.connIndex(b), table.isSend(a), table.isSend(b), table.opcode(c), table.size_(b)]).toEqual([1, true, false, 0, 4]);
  });

  it('drops the oldest rows, keeps ids stable and reuses space', () => {
    const table = createMessageTable(8);
    for (let i = 1; i <= 100; i++) {
      table.append(text(i), 0);
      table.dropOldest(10);
    }
    expect(table.size).toBe(10);
    expect(table.firstId).toBe(90);
    expect(table.has(89)).toBe(false);
    expect((table.row(90, 'c') as MessageRecord).seq).toBe(91);
    expect((table.row(99, 'c') as MessageRecord).seq).toBe(100);
    expect(table.payloadChars).toBe(9 * 3 + 4); // t91..t99 are 3 chars, t100 is 4
  });

  it('clear forgets rows but ids keep increasing', () => {
    const table = createMessageTable();
    table.append(text(1), 0);
    table.clear();
    expect(table.size).toBe(0);
    const id = table.append(text(2), 0);
    expect(id).toBe(1);
    expect((table.row(id, 'c') as MessageRecord).seq).toBe(2);
  });

  it("keeps interception's marks with their rows (rare: beside the columns), until the rows go", () => {
    const table = createMessageTable(4);
    const blocked = { ...text(1), discarded: true, blocked: true, rules: [{ id: 'r', name: 'no secrets' }], rule: 'no secrets' };
    const reply = { ...text(2), dir: 'receive' as const, autoReply: true, inReplyTo: 1, rule: 'pong' };
    const slow = { ...text(3), rewritten: true, delayedMs: 250, edited: true };
    const ids = [blocked, reply, slow, text(4)].map((m) => table.append(m, 0));
    expect(ids.map((id) => table.row(id, 'c'))).toEqual([blocked, reply, slow, text(4)]);
    table.dropOldest(1);
    table.append(text(5), 0);
    expect(table.row(ids[3], 'c')).toEqual(text(4));
  });
});
