/**
 * Every modal of the panel (Settings, Export, New connection): a native `<dialog>` opened with
 * `showModal()`, so the browser traps focus, makes the rest of the panel inert and closes it on
 * Escape. Escape (the `cancel` event) goes through `onClose`, because the owner decides whether
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
    >
      <form class="dialog-form" onSubmit={onSubmit}>
        <h2>{label}</h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-buttons">{buttons}</div>
      </form>
    </dialog>
  );
}
