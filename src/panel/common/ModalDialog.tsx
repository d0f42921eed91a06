/**
 * Every modal of the panel (Settings, Export, New connection): a native `<dialog>` opened with
 * `showModal()`, so the browser makes the rest of the panel inert and closes it on Escape. Tab
 * wraps around inside it: a modal dialog alone lets Tab go past its last control to the
 * browser's (or DevTools') own UI. Escape (the `cancel` event) goes through `onClose`, because the owner decides whether
 * the dialog is shown. When it goes away, focus goes back to the control that had it when the
 * dialog opened (the button that opened it), not to the page body.
 * The body scrolls and the title and buttons stay in place, so a dialog fits a 320 x 220 panel.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface ModalDialogProps {
  label: string;
  onClose(): void;
  onSubmit(event: Event): void;
  /** The dialog's buttons, kept visible under the scrolling body. */
  buttons: ComponentChildren;
  children: ComponentChildren;
}

const TABBABLE = 'button, input, select, textarea, a[href], [tabindex]';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function wrapTab(event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLElement;
  const controls = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0);
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  const from = document.activeElement;
  // Radio groups are one stop: treat any radio of the last group as the last control.
  const isLast = from === last || (last instanceof HTMLInputElement && last.type === 'radio' && from instanceof HTMLInputElement && from.name === last.name);
  if (!event.shiftKey && isLast) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && from === first) {
    event.preventDefault();
    last.focus();
  }
}

export function ModalDialog({ label, onClose, onSubmit, buttons, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (dialog && !dialog.open) {
      // A DOM without showModal (older test DOMs) still shows it, without the modality.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (dialog?.open && typeof dialog.close === 'function') dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    // role is implicit on <dialog>; written out so selectors and older readers find it the same way.
    <dialog
      ref={ref}
      class="dialog"
      role="dialog"
      aria-label={label}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={wrapTab}
    >
      <form class="dialog-form" onSubmit={onSubmit}>
        <h2>{label}</h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-buttons">{buttons}</div>
      </form>
    </dialog>
  );
}
