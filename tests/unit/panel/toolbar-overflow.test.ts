import { describe, expect, it } from 'vitest';
import { overflowingItems } from '../../../src/panel/toolbar/overflow';

const items = [
  { key: 'direction', width: 120, priority: 9 },
  { key: 'types', width: 150, priority: 8 },
  { key: 'export', width: 80, priority: 5 },
  { key: 'import', width: 60, priority: 4 },
  { key: 'counts', width: 90, priority: 1 },
];
const total = items.reduce((sum, i) => sum + i.width, 0);

describe('overflowingItems', () => {
  it('keeps everything (and needs no More button) when all fit', () => {
    expect(overflowingItems(items, total, 30).size).toBe(0);
    expect(overflowingItems(items, 2000, 30).size).toBe(0);
  });

  it('moves the lowest priority items out first, paying for the More button', () => {
    // One pixel short: counts alone would do, but the More button needs its 30 px too.
    expect([...overflowingItems(items, total - 1, 30)]).toEqual(['counts']);
    expect([...overflowingItems(items, total - 100, 30)]).toEqual(['counts', 'import']);
  });

  it('moves everything out when nothing fits', () => {
    expect(overflowingItems(items, 20, 30)).toEqual(new Set(items.map((i) => i.key)));
  });

  it('counts never-measured items as free', () => {
    expect(overflowingItems([{ key: 'new', width: 0, priority: 1 }], 0, 30).size).toBe(0);
  });
});
