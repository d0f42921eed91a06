// @vitest-environment happy-dom
/**
 * "Serve from log" in the panel: the dialog's choices become the script the router is asked to
 * serve (from a connection of the store, live or imported), "Serve and reload" reloads once the
 * router lists it, the Serving line stops it, Export writes a Playwright test, and messages the
 * page sent on a served socket that the log did not expect are marked unmatched.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../../src/panel/App';
import { DEFAULT_UI_PREFS } from '../../../../src/panel/state/prefs';
import { createPanelStore, type PanelStore } from '../../../../src/panel/state/store';
import { DEFAULT_SETTINGS } from '../../../../src/protocol/settings';
import type { ServeScript } from '../../../../src/protocol/serve';
import type { LivePage, ServingControl } from '../../../../src/panel/environment';
import type { MessageRecord } from '../../../../src/protocol/records';
import { createUnmatchedRows } from '../../../../src/panel/state/unmatched-rows';
import { createTestConnection } from '../../support/connection';

afterEach(cleanup);

for (const [name, size] of [['offsetHeight', 400], ['offsetWidth', 800], ['clientHeight', 400]] as const) {
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('scroll') ? size : 0;
    },
  });
}

const msg = (seq: number, dir: 'send' | 'receive', text: string, connId = 'c1'): MessageRecord => ({ connId, seq, dir, time: 1000 + seq * 10, opcode: 1, size: text.length, text });

function recordedStore(): PanelStore {
  const store = createPanelStore({ schedule: (cb) => cb() });
  store.addLog(
    [createTestConnection({ id: 'c1', url: 'ws://chat.test/ws', frameUrl: 'http://chat.test/', openedAt: 1000, closedAt: 1100, closeCode: 1000, state: 'closed', source: 'imported' })],
    [msg(1, 'receive', 'hello'), msg(2, 'send', '{"type":"join"}'), msg(3, 'receive', '{"type":"joined"}')],
  );
  return store;
}

function fakeServing() {
  let listener: ((s: ServeScript[]) => void) | undefined;
  const scripts: ServeScript[] = [];
  const control: ServingControl & { reloaded: number; served: ServeScript[] } = {
    reloaded: 0,
    served: scripts,
    serve: (script) => {
      scripts.push(script);
      listener?.([...scripts]);
    },
    unserve: (id) => {
      scripts.splice(0, scripts.length, ...scripts.filter((s) => id !== '*' && s.id !== id));
      listener?.([...scripts]);
    },
    watch: (l) => {
      listener = l;
      l([...scripts]);
      return () => (listener = undefined);
    },
    reload: () => void control.reloaded++,
  };
  return control;
}

function mount(store: PanelStore, serving?: ServingControl, download = vi.fn()) {
  const page: LivePage | undefined = serving ? { command: vi.fn(), openConnection: vi.fn(), intercept: vi.fn(), holdAction: vi.fn(), serving } : undefined;
  render(
    <App
      store={store}
      settings={DEFAULT_SETTINGS}
      onSettings={() => {}}
      prefs={{ ...DEFAULT_UI_PREFS, showChart: false }}
      onPrefs={() => {}}
      onCopy={() => {}}
      page={page}
      files={{ download, version: '1.0.0' }}
    />,
  );
  return download;
}

/** Selects the connection (its details offer Serve from log) and opens the dialog. */
async function openDialog() {
  fireEvent.click(document.querySelector('[aria-label="Connections"] [role="row"][data-conn-id="c1"]')!);
  fireEvent.click(await screen.findByRole('button', { name: 'Serve from log' }));
  return screen.findByRole('dialog', { name: 'Serve from log' });
}

describe('Serve from log in the panel', () => {
  it('serves an imported connection with the chosen options and shows Serving with Stop serving', async () => {
    const serving = fakeServing();
    mount(recordedStore(), serving);
    await openDialog();
    expect((screen.getByLabelText('Socket URL pattern') as HTMLInputElement).value).toBe('ws://chat.test/ws');
    fireEvent.input(screen.getByLabelText('Socket URL pattern'), { target: { value: 'ws://chat.test/*' } });
    fireEvent.click(screen.getByLabelText('Timed'));
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Match page messages'), { target: { value: 'shape' } });
    fireEvent.click(screen.getByRole('button', { name: 'Serve' }));
    await waitFor(() => expect(serving.served).toHaveLength(1));
    expect(serving.served[0]).toMatchObject({
      pattern: 'ws://chat.test/*',
      mode: 'timed',
      speed: 2,
      match: { kind: 'shape' },
      frames: [
        { dir: 1, at: 10, text: 'hello' },
        { dir: 0, at: 20, text: '{"type":"join"}' },
        { dir: 1, at: 30, text: '{"type":"joined"}' },
      ],
      close: { at: 100, code: 1000 },
    });
    expect(serving.reloaded).toBe(0);
    const bar = await screen.findByRole('status');
    expect(bar.textContent).toContain('Serving from log (Timed):');
    expect(bar.textContent).toContain('ws://chat.test/*');
    fireEvent.click(screen.getByRole('button', { name: 'Stop serving' }));
    await waitFor(() => expect(document.querySelector('.serving')).toBeNull());
  });

  it('Serve and reload reloads the page once the router lists the script', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const serving = fakeServing();
      mount(recordedStore(), serving);
      await openDialog();
      fireEvent.click(screen.getByRole('button', { name: 'Serve and reload' }));
      await waitFor(() => expect(serving.served).toHaveLength(1));
      expect(serving.reloaded).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(serving.reloaded).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a JSON path that does not parse is refused, said in the dialog', async () => {
    const serving = fakeServing();
    mount(recordedStore(), serving);
    await openDialog();
    fireEvent.change(screen.getByLabelText('Match page messages'), { target: { value: 'path' } });
    fireEvent.input(screen.getByLabelText('JSON path to compare'), { target: { value: '$.a[' } });
    expect(screen.getByRole('alert').textContent).not.toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Serve' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(serving.served).toHaveLength(0);
  });

  it('exports the connection as a Playwright test file', async () => {
    const download = mount(recordedStore(), fakeServing());
    await openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Export as Playwright test' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [blob, name] = download.mock.calls[0] as [Blob, string];
    expect(name).toBe('chat-test-ws.served.spec.ts');
    const text = await blob.text();
    expect(text).toContain('page.routeWebSocket(SOCKET_URL');
    expect(text).toContain('const PAGE_URL = "http://chat.test/";');
  });

  it('a served connection is not offered as a source', async () => {
    const store = recordedStore();
    store.addLog([createTestConnection({ id: 'c9', url: 'ws://chat.test/ws', openedAt: 0, served: 's1' })], []);
    mount(store, fakeServing());
    fireEvent.click(document.querySelector('[aria-label="Connections"] [role="row"][data-conn-id="c9"]')!);
    await screen.findByRole('region', { name: 'Connection details' });
    expect(screen.queryByRole('button', { name: 'Serve from log' })).toBeNull();
  });

  it('without a live page (the viewer) only the export is offered', async () => {
    mount(recordedStore());
    await openDialog();
    expect(screen.queryByRole('button', { name: 'Serve' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Export as Playwright test' })).toBeTruthy();
  });
});

describe('unmatched rows', () => {
  it('marks the sent messages of a served connection the log did not expect', () => {
    const store = createPanelStore({ schedule: (cb) => cb() });
    const script: ServeScript = {
      id: 's1',
      pattern: 'ws://x/',
      mode: 'conversational',
      speed: 1,
      match: { kind: 'exact' },
      protocol: '',
      extensions: '',
      frames: [{ dir: 0, at: 0, text: 'a' }, { dir: 1, at: 1, text: 'A' }],
      label: 'x',
    };
    store.addLog(
      [createTestConnection({ id: 'c2', served: 's1', openedAt: 0, sent: { count: 3, bytes: 3 } }), createTestConnection({ id: 'c3', openedAt: 0 })],
      [msg(1, 'send', 'a', 'c2'), msg(2, 'receive', 'A', 'c2'), msg(3, 'send', 'b', 'c2'), msg(4, 'send', 'a', 'c2'), msg(5, 'send', 'b', 'c3')],
    );
    const rows = createUnmatchedRows(store, (id) => (id === 's1' ? script : undefined));
    const ids: Record<string, number> = {};
    for (let id = store.table.firstId; id < store.table.endId; id++) ids[`${store.table.connIndex(id)}:${store.table.seq(id)}`] = id;
    const c2 = store.connectionIndexOf('c2')!;
    const c3 = store.connectionIndexOf('c3')!;
    expect(rows.isUnmatched(ids[`${c2}:1`], 'c2')).toBe(false);
    expect(rows.isUnmatched(ids[`${c2}:2`], 'c2')).toBe(false);
    expect(rows.isUnmatched(ids[`${c2}:3`], 'c2')).toBe(true);
    expect(rows.isUnmatched(ids[`${c2}:4`], 'c2')).toBe(true);
    expect(rows.isUnmatched(ids[`${c3}:5`], 'c3')).toBe(false);
  });
});
