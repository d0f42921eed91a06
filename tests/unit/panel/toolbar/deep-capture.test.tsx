// @vitest-environment happy-dom
/**
 * The Deep capture checkbox (in Settings: a per-site control that applies at once): shown only
 * when the host offers Deep capture, named "Deep capture", asks the host from the click, and says
 * why Chrome's bar appears while it is on.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../../src/panel/App';
import { DEFAULT_UI_PREFS } from '../../../../src/panel/state/prefs';
import { createPanelStore } from '../../../../src/panel/state/store';
import { DEFAULT_SETTINGS } from '../../../../src/protocol/settings';
import type { DeepCaptureControl, DeepCaptureState, LivePage } from '../../../../src/panel/environment';

afterEach(cleanup);

function mount(deepCapture?: DeepCaptureControl) {
  const store = createPanelStore({ schedule: (cb) => setTimeout(cb, 0) });
  const page: LivePage = {
    command: vi.fn(),
    openConnection: vi.fn(),
    intercept: vi.fn(),
    holdAction: vi.fn(),
    ...(deepCapture ? { deepCapture } : {}),
  };
  render(<App store={store} settings={DEFAULT_SETTINGS} onSettings={() => {}} prefs={{ ...DEFAULT_UI_PREFS, showChart: false }} onPrefs={() => {}} onCopy={() => {}} page={page} />);
  // Deep capture is in the Settings dialog.
  fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
}

const deepCaptureControl = (initial: DeepCaptureState, after: DeepCaptureState) => ({
  get: vi.fn(async () => initial),
  set: vi.fn(async () => after),
});

describe('Deep capture checkbox', () => {
  it('is absent when the host has no Deep capture (Firefox, the viewer)', () => {
    mount();
    expect(screen.queryByRole('checkbox', { name: 'Deep capture' })).toBeNull();
    expect(screen.queryByRole('menuitemcheckbox', { name: 'Deep capture' })).toBeNull();
  });

  it('turns on from the click and shows the reason; a refusal is said', async () => {
    const control = deepCaptureControl({ on: false, origin: 'http://a' }, { on: true, origin: 'http://a' });
    mount(control);
    const box = (await screen.findByRole('checkbox', { name: 'Deep capture' })) as HTMLInputElement;
    await waitFor(() => expect(box.disabled).toBe(false));
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(control.set).toHaveBeenCalledWith(true);
    await waitFor(() => expect(box.checked).toBe(true));
    expect(document.getElementById('deep-capture-reason')?.textContent).toBe('To capture sockets of workers, Chrome needs its debugger: Chrome shows a bar while it is on.');
    cleanup();

    const refused = deepCaptureControl({ on: false, origin: 'http://a' }, { on: false, origin: '', error: { code: 'denied' } });
    mount(refused);
    const again = (await screen.findByRole('checkbox', { name: 'Deep capture' })) as HTMLInputElement;
    await waitFor(() => expect(again.disabled).toBe(false));
    fireEvent.click(again);
    expect((await screen.findByRole('alert')).textContent).toBe('Deep capture needs the debugger permission, which was not granted.');
    expect(again.checked).toBe(false);
  });
});
