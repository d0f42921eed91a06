/**
 * Measures the toolbar (ResizeObserver) and decides which items go into the "More" menu
 * (overflow.ts). Items are measured while they are in the bar and their last width is kept, so
 * an item in the menu comes back as soon as the bar has room for it again.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { overflowingItems } from './overflow';

/** The filter box gives up width down to this before anything moves into the menu. */
export const FILTER_MIN_WIDTH = 140;
const MORE_BUTTON_WIDTH = 30;
const GAP = 4;

export function useOverflow(bar: RefObject<HTMLElement>, items: readonly { key: string; priority: number }[]): Set<string> {
  const widths = useRef(new Map<string, number>());
  const [overflow, setOverflow] = useState<Set<string>>(() => new Set());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const measure = () => {
    const el = bar.current;
    if (!el || el.clientWidth === 0) return;
    let fixed = 0;
    for (const child of el.children) {
      const html = child as HTMLElement;
      const key = html.dataset.item;
      if (key) widths.current.set(key, html.offsetWidth + GAP);
      else if (html.classList.contains('filter')) fixed += FILTER_MIN_WIDTH + GAP;
      else if (!html.dataset.more && html.offsetParent !== null) fixed += html.offsetWidth + GAP;
    }
    const style = getComputedStyle(el);
    const available = el.clientWidth - parseFloat(style.paddingLeft || '0') - parseFloat(style.paddingRight || '0') - fixed;
    const measured = itemsRef.current.map((item) => ({ ...item, width: widths.current.get(item.key) ?? 0 }));
    const next = overflowingItems(measured, available, MORE_BUTTON_WIDTH);
    setOverflow((old) => (old.size === next.size && [...next].every((k) => old.has(k)) ? old : next));
  };

  // After every render: items change width (counts, "Intercept (3)") and come and go.
  useLayoutEffect(measure);
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return overflow;
}
