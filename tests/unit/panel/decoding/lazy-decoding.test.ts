import { describe, expect, it, vi } from 'vitest';
import { createLazyDecoding } from '../../../../src/panel/decoding/lazy-decoding';
import type { DecoderSupport } from '../../../../src/panel/decoding/types';
import type { PanelStore } from '../../../../src/panel/state/store';
import type { MessageRecord } from '../../../../src/protocol/records';

const message = { connId: 'd:1', seq: 1, dir: 'receive', time: 1, opcode: 1, size: 2, text: '{}' } as MessageRecord;

describe('lazy decoding', () => {
  it('answers "nothing decoded yet" until its module is there, loads it once, then delegates and says so', async () => {
    const real: DecoderSupport = {
      summaryOf: () => 'summary',
      decodedOf: () => ({ protocol: 'JSON' }),
      fieldsOf: () => ({ op: 'x' }),
      isHeartbeat: () => true,
      choicesFor: () => [{ id: 'json', label: 'JSON', active: true }],
      choose: vi.fn(),
    };
    let resolve!: () => void;
    const gate = new Promise<void>((r) => (resolve = r));
    const load = vi.fn(async () => {
      await gate;
      return { createDecoding: () => real };
    });
    const onChange = vi.fn();
    const lazy = createLazyDecoding({} as PanelStore, onChange, load);
    expect(lazy.summaryOf(1, message)).toBeUndefined();
    expect(lazy.decodedOf(1, message)).toBeUndefined();
    expect(lazy.fieldsOf(message)).toBeUndefined();
    expect(lazy.isHeartbeat(message)).toBe(false);
    expect(lazy.choicesFor!('d:1')).toEqual([]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(onChange).not.toHaveBeenCalled();
    resolve();
    await lazy.ready();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(lazy.summaryOf(1, message)).toBe('summary');
    expect(lazy.fieldsOf(message)).toEqual({ op: 'x' });
    expect(lazy.isHeartbeat(message)).toBe(true);
    lazy.choose!('d:1', 'json');
    expect(real.choose).toHaveBeenCalledWith('d:1', 'json');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('asks again after a failed load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk')).mockResolvedValue({ createDecoding: () => ({ summaryOf: () => 's', decodedOf: () => undefined, fieldsOf: () => undefined, isHeartbeat: () => false }) });
    const lazy = createLazyDecoding({} as PanelStore, () => {}, load);
    expect(lazy.summaryOf(1, message)).toBeUndefined();
    await lazy.ready().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(lazy.summaryOf(1, message)).toBeUndefined();
    await lazy.ready();
    expect(lazy.summaryOf(1, message)).toBe('s');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
