import { describe, expect, it } from 'vitest';
import { tailRange } from '../../../../src/panel/messages/tail-range';

describe('tailRange', () => {
  it('renders as many rows as the viewport showed, ending at the last row, with the overscan before them', () => {
    // The viewport showed rows 80..99 (20 rows) when the count grew to 150.
    expect(tailRange({ startIndex: 80, endIndex: 99, overscan: 3, count: 150 })).toEqual(Array.from({ length: 23 }, (_, i) => 127 + i));
  });

  it('never starts before the first row, and renders nothing without rows', () => {
    expect(tailRange({ startIndex: 0, endIndex: 19, overscan: 12, count: 5 })).toEqual([0, 1, 2, 3, 4]);
    expect(tailRange({ startIndex: 0, endIndex: 0, overscan: 12, count: 0 })).toEqual([]);
  });
});
