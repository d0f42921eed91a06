import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTHS, DIRECTION_WIDTH, fitColumns, MIN_DATA_WIDTH, OPTIONAL_COLUMNS } from '../../../../src/panel/messages/columns';

describe('fitColumns', () => {
  const all = DIRECTION_WIDTH + OPTIONAL_COLUMNS.reduce((sum, c) => sum + COLUMN_WIDTHS[c], 0);

  it('shows every column the user wants when Data keeps its room', () => {
    expect(fitColumns(all + MIN_DATA_WIDTH, [])).toEqual(['time', 'rel', 'size', 'type']);
    expect(fitColumns(1200, ['rel'])).toEqual(['time', 'size', 'type']);
  });

  it('keeps the user choice while the width is unknown', () => {
    expect(fitColumns(0, ['type'])).toEqual(['time', 'rel', 'size']);
  });

  it('drops Since open, then Type, then Time, then Size as the list narrows', () => {
    expect(fitColumns(all + MIN_DATA_WIDTH - 1, [])).toEqual(['time', 'size', 'type']);
    expect(fitColumns(DIRECTION_WIDTH + COLUMN_WIDTHS.time + COLUMN_WIDTHS.size + MIN_DATA_WIDTH, [])).toEqual(['time', 'size']);
    expect(fitColumns(DIRECTION_WIDTH + COLUMN_WIDTHS.size + MIN_DATA_WIDTH, [])).toEqual(['size']);
    expect(fitColumns(200, [])).toEqual([]);
  });

  it('leaves Data at least MIN_DATA_WIDTH at a docked-right width (320 px)', () => {
    const shown = fitColumns(320, []);
    const used = DIRECTION_WIDTH + shown.reduce((sum, c) => sum + COLUMN_WIDTHS[c], 0);
    expect(320 - used).toBeGreaterThanOrEqual(MIN_DATA_WIDTH);
  });
});
