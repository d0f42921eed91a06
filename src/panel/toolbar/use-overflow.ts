/**
 * Measures the toolbar and its items (ResizeObserver) and decides which items go into the "More" menu
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

  // Items change width (counts, "Intercept (3)") and come and go. Measuring after every render
  // forced a layout in the middle of every frame while a stream ran (the counts change at 60 Hz):
  // a ResizeObserver on the bar and on each of its children reports, after the browser's own
  // layout, only the sizes that changed; each render checks (no layout needed) whether the
  // children are still the ones observed. Children of the flex bar are flex items (boxes the
  // observer can measure), whatever their own display.
  const observer = useRef<ResizeObserver | undefined>(undefined);
  const observed = useRef<Element[]>([]);
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    if (typeof ResizeObserver === 'undefined') return measure(); // DOMs without it (unit tests): after every render, as before
    const children = Array.from(el.children);
    if (observer.current && sameElements(children, observed.current)) return;
    observer.current?.disconnect();
    observer.current ??= new ResizeObserver(() => measure());
    observer.current.observe(el);
    for (const child of children) observer.current.observe(child);
    observed.current = children;
  });
  useLayoutEffect(() => () => observer.current?.disconnect(), []);
  return overflow;
}

function sameElements(a: readonly Element[], b: readonly Element[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
