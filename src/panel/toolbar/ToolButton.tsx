/**
 * A text button of the toolbar that can also stand in the "More" menu: the same accessible name
 * and `data-action` either way (tests and screen readers find it by them), a `menuitem` (or
 * `menuitemcheckbox` for a toggle) when in the menu.
 */
import type { ComponentChildren } from 'preact';

export interface ToolButtonProps {
  inMenu: boolean;
  label: ComponentChildren;
  ariaLabel?: string;
  title?: string;
  action?: string;
  /** A toggle's state; undefined for a plain button. */
  pressed?: boolean;
  onClick(): void;
}

export function ToolButton({ inMenu, label, ariaLabel, title, action, pressed, onClick }: ToolButtonProps) {
  if (inMenu)
    return (
      <button
        type="button"
        role={pressed === undefined ? 'menuitem' : 'menuitemcheckbox'}
        aria-checked={pressed}
        aria-label={ariaLabel}
        title={title}
        data-action={action}
        tabIndex={-1}
        onClick={onClick}
      >
        <span class="menu-check" aria-hidden="true">
          {pressed ? '✓' : ''}
        </span>
        {label}
      </button>
    );
  return (
    <button
      type="button"
      class={`tool text${pressed ? ' active' : ''}`}
      aria-pressed={pressed}
      aria-label={ariaLabel}
      title={title}
      data-action={action}
      onClick={onClick}
    >
      {label}
    </button>
  );
}
