// @vitest-environment happy-dom
/** Dialogs are native <dialog>s shown modally; Escape (cancel) closes them; focus goes back to the opener. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { ModalDialog } from '../../../src/panel/common/ModalDialog';

afterEach(cleanup);

function Host() {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <ModalDialog label="Things" onClose={() => setOpen(false)} onSubmit={(e) => e.preventDefault()} buttons={<button type="button" onClick={() => setOpen(false)}>Cancel</button>}>
          <input aria-label="Field" />
        </ModalDialog>
      )}
    </div>
  );
}

describe('ModalDialog', () => {
  it('opens as a dialog named by its title, and gives focus back to its opener when closed', () => {
    render(<Host />);
    const opener = screen.getByText('Open');
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Things' }) as HTMLDialogElement;
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog.open).toBe(true);
    screen.getByLabelText('Field').focus();
    fireEvent.click(screen.getByText('Cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on the cancel event (Escape), through its owner', () => {
    render(<Host />);
    const opener = screen.getByText('Open');
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog');
    const cancel = new Event('cancel', { cancelable: true });
    fireEvent(dialog, cancel);
    expect(cancel.defaultPrevented).toBe(true);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});
