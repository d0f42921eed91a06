// @vitest-environment happy-dom
/** The composer (src/panel/composer/Composer.tsx), rendered: JSON mode refuses invalid JSON. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { Composer } from '../../../../src/panel/composer/Composer';
import type { ConnectionInfo } from '../../../../src/protocol/records';

afterEach(cleanup);

const connection: ConnectionInfo = {
  id: 'c1', url: 'ws://h/', frameUrl: 'http://h/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 0, bytes: 0 }, received: { count: 0, bytes: 0 },
};

function mount() {
  const onCommand = vi.fn(async () => ({ ref: 'r', ok: true }));
  render(<Composer connection={connection} onCommand={onCommand} />);
  const editor = screen.getByRole('textbox', { name: 'Message to send' }) as HTMLTextAreaElement;
  const type = (text: string) => fireEvent.input(editor, { target: { value: text } });
  return { onCommand, editor, type };
}

describe('composer JSON mode', () => {
  it('is a payload type beside text, hex and base64', () => {
    mount();
    expect(screen.getAllByRole('radio').map((r) => r.textContent)).toEqual(['Text', 'JSON', 'Hex', 'Base64']);
  });

  it('refuses to send invalid JSON: says where, marks the editor invalid and puts the caret on the error', async () => {
    const { onCommand, editor, type } = mount();
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    type('{"a": 1, "b": tru}');
    expect(editor.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Unexpected token } (line 1, column 18)'));
    expect(onCommand).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(editor);
    expect([editor.selectionStart, editor.selectionEnd]).toEqual([17, 18]);
    fireEvent.click(screen.getByRole('button', { name: 'Deliver to page' }));
    expect(onCommand).not.toHaveBeenCalled();
  });

  it('sends valid JSON as typed', async () => {
    const { onCommand, editor, type } = mount();
    fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    type('{"n": 1.0}');
    expect(editor.hasAttribute('aria-invalid')).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('Valid JSON');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(onCommand).toHaveBeenCalledWith({ connId: 'c1', action: 'send', mark: 'injected', opcode: 1, text: '{"n": 1.0}' }));
  });

  it('text mode still sends text that only looks like JSON', async () => {
    const { onCommand, type } = mount();
    type('{not json');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(onCommand).toHaveBeenCalledWith(expect.objectContaining({ text: '{not json' })));
  });
});
