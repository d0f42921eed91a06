/**
 * The toolbar's "More" button and its menu of the items that do not fit. The menu stays mounted
 * while closed (hidden), so an item working in the background (Import's file picker) is not torn
 * down when the menu closes. Arrow keys move between items, Escape closes and returns focus.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../common/i18n';

export interface OverflowMenuProps {
  open: boolean;
  onOpen(open: boolean): void;
  children: ComponentChildren;
}

export function OverflowMenu({ open, onOpen, children }: OverflowMenuProps) {
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const entries = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? [])];

  useEffect(() => {
    if (!open) return;
    entries()[0]?.focus();
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) onOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  function onKeyDown(e: KeyboardEvent): void {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      onOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') onOpen(false);
    else if (e.key === 'ArrowDown') list[(at + 1) % list.length]?.focus();
    else if (e.key === 'ArrowUp') list[(at - 1 + list.length) % list.length]?.focus();
    else if (e.key === 'Home') list[0]?.focus();
    else if (e.key === 'End') list[list.length - 1]?.focus();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  }

  // Read only while open (it positions the menu): a read in every render laid the page out mid-frame.
  const rect = open ? button.current?.getBoundingClientRect() : undefined;
  const right = rect ? Math.max(0, window.innerWidth - rect.right) : 0;
  return (
    <>
      <button
        ref={button}
        type="button"
        class="tool more"
        data-more="true"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="toolbar-more"
        aria-label={t('moreTools')}
        title={t('moreTools')}
        onClick={() => onOpen(!open)}
      >
        »
      </button>
      <div
        ref={menu}
        id="toolbar-more"
        class="popup-menu toolbar-menu"
        role="menu"
        aria-label={t('moreTools')}
        hidden={!open}
        style={{ right: `${right}px`, top: `${rect ? rect.bottom : 28}px` }}
        onKeyDown={onKeyDown}
        // A chosen action closes the menu; a toggle too (it shows its new state in the bar's data).
        onClick={(e) => {
          if ((e.target as HTMLElement).closest('[role^="menuitem"]')) onOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}
