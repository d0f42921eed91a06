/**
 * Preact adapter for @tanstack/virtual-core (the same lifecycle its React adapter uses):
 * only the rows in view (plus overscan) are rendered, whatever the row count.
 */
import { defaultRangeExtractor, elementScroll, observeElementOffset, observeElementRect, Virtualizer, type Range } from '@tanstack/virtual-core';
import { useLayoutEffect, useReducer, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * `headerHeight`: a sticky header inside the scroller, above the rows. Rows start that far down
 * (item starts include it) and scrolling to a row keeps it out from under the header.
 * `rangeExtractor`: which rows to render for the range in view (default: the range and its overscan).
 */
export function useVirtualRows(
  count: number,
  rowHeight: number,
  scrollRef: RefObject<HTMLElement>,
  headerHeight = 0,
  rangeExtractor: (range: Range) => number[] = defaultRangeExtractor,
): Virtualizer<HTMLElement, Element> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options = {
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    // Rows rendered beyond each edge of the view. Every rendered row costs style, layout and paint
    // in every frame that scrolls it in (issue 13: at 12 a side the list rendered 40 rows for 16
    // in view in a 780 x 493 panel window). The list renders again on every scroll event, so a few
    // rows are enough to cover a wheel step between two renders.
    overscan: 3,
    rangeExtractor,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
    // Until the element is measured (and where nothing is ever laid out, as in unit tests),
    // assume a viewport of this size.
    initialRect: { width: 800, height: 400 },
    onChange: () => rerender(0),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLElement, Element>(options));
  virtualizer.setOptions({ ...virtualizer.options, ...options });
  useLayoutEffect(() => virtualizer._didMount(), []);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
