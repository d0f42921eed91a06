// @vitest-environment happy-dom
/**
 * The panel mounted in a DOM with an in-memory transport: the real bridge, router, transport and
 * store from src/, joined by in-memory ports, fed with hook batches as the page would send them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/App';
import { DEFAULT_UI_PREFS, type UiPrefs } from '../../../src/panel/state/prefs';
import { createPanelStore } from '../../../src/panel/state/store';
import { createRouterTransport } from '../../../src/panel/state/transport';
import { createBridge } from '../../../src/content/create-bridge';
import { createRouter } from '../../../src/background/create-router';
import { createPortPair } from '../../../src/protocol/port';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { HOOK_DIALECT_VERSION } from '../../../src/protocol/version';
import type { HookRecord } from '../../../src/protocol/hook-dialect';

afterEach(cleanup);

// happy-dom does no layout: every element measures 0 x 0, so the virtual list would see no room
// for rows. Give the message list's scroller the size it has in a real panel.
for (const [name, size] of [['offsetHeight', 400], ['offsetWidth', 800], ['clientHeight', 400]] as const) {
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('scroll') ? size : 0;
    },
  });
}

function mountPanel(records: HookRecord[], toggles: Partial<UiPrefs['toggles']> = {}) {
  const router = createRouter({ pokeTab: () => {} });
  const bridge = createBridge({
    docId: 'doc',
    frameUrl: 'http://page/',
    top: true,
    connect: () => {
      const [bridgeEnd, routerEnd] = createPortPair<any, any>();
      router.addBridge(routerEnd, { tabId: 1, frameId: 0 });
      return bridgeEnd;
    },
  });
  bridge.ingest({ v: HOOK_DIALECT_VERSION, records });
  const store = createPanelStore({ schedule: (cb) => setTimeout(cb, 0) });
  createRouterTransport({
    tabId: 1,
    connect: () => {
      const [panelEnd, routerEnd] = createPortPair<any, any>();
      router.addPanel(routerEnd);
      return panelEnd;
    },
    onMessage: (m) => store.apply(m),
  });
  const onCopy = vi.fn();
  const onPrefs = vi.fn();
  const prefs: UiPrefs = { ...DEFAULT_UI_PREFS, showChart: false, toggles: { ...DEFAULT_UI_PREFS.toggles, ...toggles } };
  render(<App store={store} settings={DEFAULT_SETTINGS} onSettings={() => {}} prefs={prefs} onPrefs={onPrefs} onCopy={onCopy} />);
  return { store, onCopy, onPrefs, bridge };
}

let seq = 0;
const create = (id: number, url: string): HookRecord => ({ k: 'create', id, url, protocols: [], time: 1000, stack: '', api: 'WebSocket' });
const open = (id: number): HookRecord => ({ k: 'open', id, time: 1001, protocol: '', extensions: '' });
const text = (id: number, dir: 0 | 1, data: string): HookRecord => ({ k: 'msg', id, seq: ++seq, dir, time: 1002 + seq, data, size: -1, truncated: false, discarded: false });
const binary = (id: number, dir: 0 | 1, bytes: number[]): HookRecord => ({ k: 'msg', id, seq: ++seq, dir, time: 1002 + seq, data: new Uint8Array(bytes).buffer, size: bytes.length, truncated: false, discarded: false });

const messageRows = () => within(screen.getByRole('grid', { name: 'Messages' })).queryAllByRole('row').filter((r) => r.hasAttribute('data-seq'));

describe('panel', () => {
  it('lists connections and shows the selected connection’s messages', async () => {
    mountPanel([create(1, 'ws://a/chat'), open(1), text(1, 0, 'hello'), text(1, 1, 'world'), create(2, 'ws://b/other'), text(2, 0, 'elsewhere')]);
    const connections = await screen.findAllByRole('row', { selected: false });
    expect(connections.length).toBeGreaterThan(0);
    await waitFor(() => expect(within(screen.getByRole('grid', { name: 'Connections' })).getAllByText(/ws:\/\//)).toHaveLength(2));
    fireEvent.click(screen.getByText('ws://a/chat'));
    await waitFor(() => expect(messageRows().map((r) => r.getAttribute('data-dir'))).toEqual(['send', 'receive']));
    expect(messageRows()[0].getAttribute('aria-label')).toMatch(/^sent \d\d:\d\d:\d\d\.\d{3} 5 B text: hello$/);
  });

  it('filters with the query language and explains a bad query in place', async () => {
    mountPanel([create(1, 'ws://a/'), text(1, 0, '{"type":"trade","px":5}'), text(1, 1, '{"type":"quote"}'), binary(1, 1, [0xca, 0xfe])]);
    await waitFor(() => expect(messageRows()).toHaveLength(3));
    const filter = screen.getByRole('searchbox', { name: 'Filter' });
    fireEvent.input(filter, { target: { value: '$.type=trade' } });
    await waitFor(() => expect(messageRows()).toHaveLength(1));
    fireEvent.input(filter, { target: { value: 'type:binary' } });
    await waitFor(() => expect(messageRows().map((r) => r.getAttribute('data-dir'))).toEqual(['receive']));
    fireEvent.input(filter, { target: { value: 'dir:out OR cafe' } });
    await waitFor(() => expect(messageRows()).toHaveLength(2));
    fireEvent.input(filter, { target: { value: 'nosuchfield:x' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Unknown field "nosuchfield"/));
    expect(filter.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the JSON tree with copy path and value, and a hex dump for binary', async () => {
    const { onCopy } = mountPanel([create(1, 'ws://a/'), text(1, 0, '{"auth":{"token":"t0k"},"list":[1,2]}'), binary(1, 1, [0x48, 0x69, 0x00, 0xff])]);
    await waitFor(() => expect(messageRows()).toHaveLength(2));
    fireEvent.click(messageRows()[0]);
    fireEvent.click(await screen.findByRole('tab', { name: 'JSON' }));
    const tokenNode = screen.getByRole('treeitem', { name: '$.auth.token' });
    fireEvent.click(within(tokenNode).getByText('copy path'));
    expect(onCopy).toHaveBeenLastCalledWith('$.auth.token');
    fireEvent.click(within(tokenNode).getByText('copy value'));
    expect(onCopy).toHaveBeenLastCalledWith('t0k');
    fireEvent.click(messageRows()[1]);
    const dump = await screen.findByLabelText('Hex dump');
    expect(dump.textContent).toBe(`00000000  ${'48 69 00 ff'.padEnd(48)}  Hi..`);
    fireEvent.click(screen.getByText('Copy as ws.send()'));
    expect(onCopy).toHaveBeenLastCalledWith('ws.send(new Uint8Array([72, 105, 0, 255]));');
  });

  it('renders only a window of rows however many messages there are', async () => {
    const records: HookRecord[] = [create(1, 'ws://a/')];
    for (let i = 0; i < 10_000; i++) records.push(text(1, 1, `m${i}`));
    mountPanel(records);
    const grid = await screen.findByRole('grid', { name: 'Messages' });
    await waitFor(() => expect(grid.getAttribute('aria-rowcount')).toBe('10001'));
    expect(messageRows().length).toBeGreaterThan(5);
    expect(messageRows().length).toBeLessThan(100);
  });

  it('moves through messages with the keyboard', async () => {
    mountPanel([create(1, 'ws://a/'), text(1, 0, 'one'), text(1, 0, 'two'), text(1, 0, 'three')]);
    await waitFor(() => expect(messageRows()).toHaveLength(3));
    const grid = screen.getByRole('grid', { name: 'Messages' });
    fireEvent.keyDown(grid, { key: 'Home' });
    await waitFor(() => expect(screen.getByLabelText('Payload').textContent).toBe('one'));
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByLabelText('Payload').textContent).toBe('two'));
    fireEvent.keyDown(grid, { key: 'End' });
    await waitFor(() => expect(screen.getByLabelText('Payload').textContent).toBe('three'));
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    await waitFor(() => expect(screen.getByLabelText('Payload').textContent).toBe('two'));
  });

  it('pause skips traffic until resumed', async () => {
    const { bridge } = mountPanel([create(1, 'ws://a/'), text(1, 0, 'before')]);
    await waitFor(() => expect(messageRows()).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [text(1, 0, 'while paused')] });
    await new Promise((r) => setTimeout(r, 20));
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    bridge.ingest({ v: HOOK_DIALECT_VERSION, records: [text(1, 0, 'after')] });
    await waitFor(() => expect(messageRows()).toHaveLength(2));
    expect(messageRows().map((r) => r.querySelector('[data-col="preview"]')!.textContent)).toEqual(['before', 'after']);
  });

  it('"Hide heartbeats" hides the protocol’s keep-alives, and is remembered with the other toggles', async () => {
    const eio = [create(1, 'ws://a/socket.io/?EIO=4&transport=websocket'), open(1), text(1, 1, '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}'), text(1, 0, '40'), text(1, 1, '2'), text(1, 0, '3'), text(1, 1, '42["tick",1]')];
    const { onPrefs } = mountPanel(eio, { hideHeartbeats: true });
    await waitFor(() => expect(messageRows().map((r) => r.querySelector('[data-col="preview-text"]')!.textContent)).toEqual([expect.stringMatching(/^0\{"sid"/), '40', '42["tick",1]']));
    const chip = within(screen.getByRole('group', { name: 'Types' })).getByRole('button', { name: 'Hide heartbeats' });
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(chip);
    expect(onPrefs).toHaveBeenLastCalledWith(expect.objectContaining({ toggles: expect.objectContaining({ hideHeartbeats: false, showText: true }) }));
  });
});
