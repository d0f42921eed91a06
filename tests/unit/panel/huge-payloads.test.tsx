// @vitest-environment happy-dom
/**
 * Issue 15, item 7: big payloads in the details. Views render a bounded prefix, "Show all" stays
 * bounded (past PAYLOAD_SHOW_MAX / HEX_SHOW_MAX the Copy actions have the rest), and JSON over
 * the format limit is shown as text with a note instead of being parsed and re-printed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/App';
import { DEFAULT_UI_PREFS } from '../../../src/panel/state/prefs';
import { createPanelStore } from '../../../src/panel/state/store';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import type { ConnectionInfo, MessageRecord } from '../../../src/protocol/records';
import { HEX_SHOW_MAX, PAYLOAD_SHOW_MAX, VIEW_LIMIT } from '../../../src/panel/details/MessageDetails';

afterEach(cleanup);

for (const [name, size] of [['offsetHeight', 400], ['offsetWidth', 800], ['clientHeight', 400]] as const) {
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('scroll') ? size : 0;
    },
  });
}

const MiB = 1024 * 1024;
const connection: ConnectionInfo = {
  id: 'd:1', url: 'ws://s/', frameUrl: 'http://p/', frameId: 0, protocolsRequested: [], protocol: '', extensions: '', state: 'open',
  createdAt: 1, api: 'WebSocket', sent: { count: 3, bytes: 0 }, received: { count: 0, bytes: 0 },
};
const big = 'x'.repeat(10 * 1000 * 1000);
const json = `{"a":"${'j'.repeat(5 * MiB)}"}`;
const bytes = 2 * MiB;
const messages: MessageRecord[] = [
  { connId: 'd:1', seq: 1, dir: 'send', time: 2, opcode: 1, size: big.length, text: big },
  { connId: 'd:1', seq: 2, dir: 'send', time: 3, opcode: 1, size: json.length, text: json },
  { connId: 'd:1', seq: 3, dir: 'send', time: 4, opcode: 2, size: bytes, base64: Buffer.alloc(bytes, 7).toString('base64') },
];

function mount() {
  const store = createPanelStore({ schedule: (cb) => setTimeout(cb, 0) });
  store.addLog([connection], messages);
  render(<App store={store} settings={DEFAULT_SETTINGS} onSettings={() => {}} prefs={{ ...DEFAULT_UI_PREFS, showChart: false }} onPrefs={() => {}} onCopy={vi.fn()} />);
}

const rows = () => within(screen.getByRole('grid', { name: 'Messages' })).queryAllByRole('row').filter((r) => r.hasAttribute('data-seq'));
const details = () => screen.getByRole('region', { name: 'Message details' });

describe('big payloads in the details', () => {
  it('a 10 M character text: a prefix, then at most PAYLOAD_SHOW_MAX characters, then a note', async () => {
    mount();
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(rows()[0]);
    const pre = await screen.findByLabelText('Payload');
    expect(pre.textContent).toHaveLength(VIEW_LIMIT);
    fireEvent.click(within(details()).getByRole('button', { name: `Show the first ${PAYLOAD_SHOW_MAX} characters (of ${big.length})` }));
    await waitFor(() => expect(screen.getByLabelText('Payload').textContent).toHaveLength(PAYLOAD_SHOW_MAX));
    expect(within(details()).getByRole('note').textContent).toBe(`${big.length - PAYLOAD_SHOW_MAX} more characters are too many to show here: the Copy actions copy the whole payload.`);
  }, 30_000);

  it('JSON over the format limit is shown as text, with a note, and no JSON tree', async () => {
    mount();
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(rows()[1]);
    await screen.findByLabelText('Payload');
    expect(within(details()).getByRole('note').textContent).toBe('too large to decode: 5.2 MB (the limit is 4.2 MB)');
    expect(within(details()).queryByRole('tab', { name: 'JSON' })).toBeNull();
  }, 30_000);

  it('the hex view dumps 64 KiB, then at most HEX_SHOW_MAX bytes', async () => {
    mount();
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(rows()[2]);
    const dump = await screen.findByLabelText('Hex dump');
    expect(dump.textContent!.split('\n')).toHaveLength((64 * 1024) / 16);
    fireEvent.click(within(details()).getByRole('button', { name: `${bytes - 64 * 1024} more bytes not shown` }));
    await waitFor(() => expect(screen.getByLabelText('Hex dump').textContent!.split('\n')).toHaveLength(HEX_SHOW_MAX / 16));
    expect(within(details()).getByRole('note').textContent).toBe(`${bytes - HEX_SHOW_MAX} more bytes are too many to show here: Copy as hex copies the whole payload.`);
  }, 30_000);
});
