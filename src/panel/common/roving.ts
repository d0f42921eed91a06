/**
 * Roving tabindex for a toolbar (ARIA's toolbar pattern): its buttons, checkboxes and selects
 * are one Tab stop; Left/Right (and Home/End) move between them. Text fields stay Tab stops of
 * their own, because arrows move the caret in them. The items are found in the DOM at each use,
 * so controls added by the host (Export, Import...) or moved into an overflow menu just work.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { isTextEntry } from './use-shortcuts';

const CONTROLS = 'button, input, select, [data-roving]';

export function rovingItems(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(CONTROLS)].filter(
    (el) => !isTextEntry(el) && !(el as HTMLButtonElement).disabled && !el.closest('[hidden], [role="menu"], dialog') && isShown(el),
  );
}

/** Not laid out (display: none, e.g. moved to an overflow menu by CSS) cannot take focus. */
function isShown(el: HTMLElement): boolean {
  // DOMs without checkVisibility (unit tests' happy-dom) count everything as shown.
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : true;
}

/** Keeps one Tab stop among the items: the focused one, else the current stop, else the first. */
export function settleRovingStop(container: HTMLElement | null): void {
  if (!container) return;
  const items = rovingItems(container);
  if (!items.length) return;
  const stop = items.find((el) => el === document.activeElement) ?? items.find((el) => el.getAttribute('tabindex') === '0') ?? items[0];
  for (const item of items) if (item.tabIndex !== (item === stop ? 0 : -1)) item.tabIndex = item === stop ? 0 : -1;
}

/** Left/Right/Home/End on the container move focus and the Tab stop between its items. */
export function onRovingKeyDown(event: KeyboardEvent): void {
  const container = event.currentTarget as HTMLElement;
  const target = event.target as HTMLElement;
  if (isTextEntry(target)) return;
  const items = rovingItems(container);
  const current = items.indexOf(target);
  if (current < 0) return;
  const last = items.length - 1;
  const moves: Record<string, number> = { ArrowRight: current === last ? 0 : current + 1, ArrowLeft: current === 0 ? last : current - 1, Home: 0, End: last };
  const next = moves[event.key];
  if (next === undefined) return;
  event.preventDefault();
  for (const item of items) item.tabIndex = item === items[next] ? 0 : -1;
  items[next].focus();
}

/**
 * Keeps the container's Tab stop settled across renders. Settling asks every control whether it
 * is shown, which makes the browser lay the page out in the middle of the frame; while a stream
 * runs the toolbar renders every frame with the same controls (only the counts change), so it
 * settles only when the controls in the container are not the ones settled last time, or the
 * stop is gone.
 */
export function useRovingStop(container: RefObject<HTMLElement>): void {
  const settled = useRef<{ controls: HTMLElement[]; disabled: boolean[]; stop?: HTMLElement }>({ controls: [], disabled: [] });
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    const controls = Array.from(el.querySelectorAll<HTMLElement>(CONTROLS));
    const disabled = controls.map((c) => (c as HTMLButtonElement).disabled === true);
    const last = settled.current;
    const same = controls.length === last.controls.length && controls.every((c, i) => c === last.controls[i] && disabled[i] === last.disabled[i]);
    if (same && (!last.stop || last.stop.tabIndex === 0)) return;
    settleRovingStop(el);
    settled.current = { controls, disabled, stop: controls.find((c) => c.tabIndex === 0 && !isTextEntry(c)) };
  });
}
