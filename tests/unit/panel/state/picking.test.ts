/** Picking rows for "Replay several" (src/panel/state/picking.ts). */
import { describe, expect, it } from 'vitest';
import { pickRows } from '../../../../src/panel/state/picking';

// A view showing rows 10, 12, 14, 16, 18.
const shown = [10, 12, 14, 16, 18];
const view = { idAt: (i: number) => shown[i], indexOfId: (id: number) => shown.indexOf(id) };

describe('pickRows', () => {
  it('toggles one row, starting from the selected row, in row order', () => {
    expect(pickRows([], 14, view, 10, 'toggle')).toEqual([10, 14]);
    expect(pickRows([10, 14], 14, view, 14, 'toggle')).toEqual([10]);
    expect(pickRows([], undefined, view, 12, 'toggle')).toEqual([12]);
  });

  it('takes the range between the first pick (or the selected row) and the row, in view order', () => {
    expect(pickRows([], 16, view, 12, 'range')).toEqual([12, 14, 16]);
    expect(pickRows([12, 18], 16, view, 16, 'range')).toEqual([12, 14, 16]);
    expect(pickRows([], undefined, view, 14, 'range')).toEqual([14]);
  });
});
