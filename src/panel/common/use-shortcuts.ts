/**
 * The panel's keyboard shortcuts, on its whole document:
 * - Ctrl/Cmd+F and `/` focus the Filter box. `/` only when the focus is not in a text field,
 *   where it is a character; its default is prevented so Firefox does not open its Quick Find
 *   bar, and Ctrl+F's so the browser's find bar stays closed (in a pop-out tab).
 * - Escape inside the details goes back to the message list, whose selected row is its
 *   active descendant, so focus lands "on the row" that Enter opened.
 * A modal dialog is left alone: the browser keeps focus inside it and handles its Escape.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

export interface ShortcutTargets {
  filter: RefObject<HTMLInputElement>;
  list: RefObject<HTMLElement>;
  details: RefObject<HTMLElement>;
}

/** Whether typing in the element inserts text (so `/` is a character there, not a shortcut). */
export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(element.type);
  return (element as HTMLElement).isContentEditable === true;
}

export function useShortcuts({ filter, list, details }: ShortcutTargets): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('dialog')) return;
      const find = (event.key === 'f' || event.key === 'F') && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntry(target);
      if (find || slash) {
        const box = filter.current;
        if (!box) return;
        event.preventDefault();
        box.focus();
        box.select();
        return;
      }
      if (event.key === 'Escape' && target && details.current?.contains(target) && list.current) {
        event.preventDefault();
        list.current.focus();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
