/**
 * The rows to render while the list follows its tail: as many as the viewport showed at its last
 * position, ending at the last row, plus the usual overscan. Rendering the tail in the same
 * render that adds the rows (instead of the rows under the old scroll position, then the tail
 * after the scroll event) draws each frame of a stream once: one render and one layout a frame.
 */
import { defaultRangeExtractor, type Range } from '@tanstack/virtual-core';

export function tailRange(range: Range): number[] {
  if (range.count === 0) return [];
  const shown = Math.max(1, range.endIndex - range.startIndex + 1);
  return defaultRangeExtractor({ ...range, startIndex: Math.max(0, range.count - shown), endIndex: range.count - 1 });
}
