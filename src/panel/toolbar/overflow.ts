/**
 * Which toolbar items go into the "More" menu: measured widths in, keys out. Items leave in
 * priority order (lowest first) until the rest fits beside the More button; with room for all,
 * none leaves and there is no More button (docs/CONTRACTS.md item 4: at 1280 px every named
 * control is shown directly).
 */

export interface MeasuredItem {
  key: string;
  /** Width in px including the gap after it; unknown (never laid out) counts as 0. */
  width: number;
  /** Higher stays longer. */
  priority: number;
}

/**
 * @param available px left for the items once the fixed controls (record, clear, filter at its
 *   minimum width) are placed.
 * @param moreWidth px of the More button, paid only when something overflows.
 */
export function overflowingItems(items: readonly MeasuredItem[], available: number, moreWidth: number): Set<string> {
  const out = new Set<string>();
  let used = items.reduce((sum, item) => sum + item.width, 0);
  if (used <= available) return out;
  const room = available - moreWidth;
  const byPriority = [...items].sort((a, b) => a.priority - b.priority);
  for (const item of byPriority) {
    if (used <= room) break;
    out.add(item.key);
    used -= item.width;
  }
  return out;
}
