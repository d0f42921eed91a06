/**
 * The message list header's menu (right-click on a header cell, or its "⋮" button): one
 * checkbox item per optional column. Closes on Escape, on a click outside, or on Tab away.
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../common/i18n';

export interface ColumnMenuProps {
  at: { x: number; y: number };
  items: { key: string; label: string; checked: boolean }[];
  onToggle(key: string): void;
  onClose(): void;
}

export function ColumnMenu({ at, items, onToggle, onClose }: ColumnMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitemcheckbox"]')?.focus();
    const outside = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, []);
  function onKeyDown(e: KeyboardEvent): void {
    const entries = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitemcheckbox"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else if (e.key === 'ArrowDown') entries[(at + 1) % entries.length]?.focus();
    else if (e.key === 'ArrowUp') entries[(at - 1 + entries.length) % entries.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
  // Kept inside the window: a right-click near the right edge of a narrow panel.
  const left = Math.max(0, Math.min(at.x, window.innerWidth - 160));
  return (
    <div ref={ref} class="popup-menu" role="menu" aria-label={t('columnsMenu')} style={{ left: `${left}px`, top: `${at.y}px` }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button key={item.key} type="button" role="menuitemcheckbox" aria-checked={item.checked} tabIndex={-1} onClick={() => onToggle(item.key)}>
          <span class="menu-check" aria-hidden="true">
            {item.checked ? '✓' : ''}
          </span>
          {item.label}
        </button>
      ))}
    </div>
  );
}
