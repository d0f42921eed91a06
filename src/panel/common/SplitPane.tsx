/** Two panes with a draggable (and keyboard-movable) divider; the split is a fraction, remembered by the caller. */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from './i18n';

export interface SplitPaneProps {
  direction: 'row' | 'column';
  fraction: number;
  onFraction(fraction: number): void;
  first: ComponentChildren;
  second: ComponentChildren;
  class?: string;
}

export function SplitPane({ direction, fraction, onFraction, first, second, class: className }: SplitPaneProps) {
  const container = useRef<HTMLDivElement>(null);
  const clamp = (f: number) => Math.min(0.9, Math.max(0.1, f));
  function drag(event: PointerEvent): void {
    const el = container.current!;
    const rect = el.getBoundingClientRect();
    const handle = event.currentTarget as HTMLElement;
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) =>
      onFraction(clamp(direction === 'row' ? (e.clientX - rect.left) / rect.width : (e.clientY - rect.top) / rect.height));
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }
  function key(event: KeyboardEvent): void {
    const step = event.shiftKey ? 0.1 : 0.02;
    const grow = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    const shrink = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    if (event.key === grow) onFraction(clamp(fraction + step));
    else if (event.key === shrink) onFraction(clamp(fraction - step));
    else return;
    event.preventDefault();
  }
  const basis = `${(fraction * 100).toFixed(2)}%`;
  return (
    <div ref={container} class={`split-pane split-${direction} ${className ?? ''}`}>
      <div class="pane" style={{ flexBasis: basis }}>
        {first}
      </div>
      <div
        class="divider"
        role="separator"
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(fraction * 100)}
        aria-label={t('resize')}
        tabIndex={0}
        onPointerDown={drag}
        onKeyDown={key}
      />
      <div class="pane" style={{ flexBasis: `calc(100% - ${basis})` }}>
        {second}
      </div>
    </div>
  );
}
