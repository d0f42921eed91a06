/** The filter box as the panel reads it (src/panel/state/filter.ts). */
import { describe, expect, it } from 'vitest';
import { compileFilter, filterContextOf, readFilter } from '../../../../src/panel/state/filter';
import { createPanelStore } from '../../../../src/panel/state/store';
import type { MessageRecord } from '../../../../src/protocol/records';

const message = (text: string): MessageRecord => ({ connId: 'd:1', seq: 1, dir: 'receive', time: 1, opcode: 1, size: text.length, text });

describe('panel filter', () => {
  it('an empty box is no filter', () => {
    const reading = readFilter('   ');
    expect(reading.parsed).toBeUndefined();
    expect(reading.error).toBeUndefined();
    expect(compileFilter(reading, {})).toBeNull();
  });

  it('a bad query says where it is wrong and filters nothing', () => {
    const reading = readFilter('nosuchfield:x');
    expect(reading.error?.message).toMatch(/Unknown field "nosuchfield"/);
    expect(typeof reading.error?.at).toBe('number');
    expect(compileFilter(reading, {})).toBeNull();
  });

  it('a good query is described and compiled with the decoders\' fields', () => {
    const reading = readFilter('event:tick');
    expect(reading.error).toBeUndefined();
    expect(reading.title).not.toBe('');
    const store = createPanelStore({ schedule: (cb) => cb() });
    const predicate = compileFilter(reading, filterContextOf(store, { fieldsOf: (m) => (m.text === 'a' ? { event: 'tick' } : undefined) }))!;
    expect(predicate(message('a'))).toBe(true);
    expect(predicate(message('b'))).toBe(false);
  });
});
