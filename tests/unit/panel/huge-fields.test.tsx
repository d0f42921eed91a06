// @vitest-environment happy-dom
/**
 * Issue 15, item 6: a 50 MB connection URL in a HAR froze the viewer for 10 to 18 s. Every field
 * of an imported record is rendered clipped (src/panel/common/clip.ts), in text, `title` and
 * `aria-label` alike, with the whole value one "Copy all" away; the store and exports keep it whole.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/App';
import { DEFAULT_UI_PREFS } from '../../../src/panel/state/prefs';
import { createPanelStore, type PanelStore } from '../../../src/panel/state/store';
import { DEFAULT_SETTINGS } from '../../../src/protocol/settings';
import { importLog } from '../../../src/logs/import';
import { addImportedLog, sessionFromStore } from '../../../src/panel/logs/session';
import { createHarBlob } from '../../../src/logs/export-stream';
import { DISPLAY_CHARS } from '../../../src/panel/common/clip';
import { SHOW_MORE_CHARS } from '../../../src/panel/common/ClippedText';
import { VIEW_LIMIT } from '../../../src/panel/details/MessageDetails';
import { buildHugeHar } from '../../fixtures/har/huge-har';

afterEach(cleanup);

for (const [name, size] of [['offsetHeight', 400], ['offsetWidth', 800], ['clientHeight', 400]] as const) {
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('scroll') ? size : 0;
    },
  });
}

const MB = 1_000_000;
const SIZES = { url: 50 * MB, other: 50 * MB, rest: 100_000 };

/** The longest text node and attribute value under `root`, payload views (bounded by VIEW_LIMIT) aside. */
function longestRendered(root: Element): { text: number; attribute: number; payload: number } {
  const out = { text: 0, attribute: 0, payload: 0 };
  const visit = (node: Node, inPayload: boolean) => {
    if (node.nodeType === 3) {
      const length = node.textContent?.length ?? 0;
      if (inPayload) out.payload = Math.max(out.payload, length);
      else out.text = Math.max(out.text, length);
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    for (const attribute of Array.from(element.attributes)) out.attribute = Math.max(out.attribute, attribute.value.length);
    const payload = inPayload || (element.matches('pre.payload') && element.closest('[role="tabpanel"]') !== null);
    for (const child of Array.from(element.childNodes)) visit(child, payload);
  };
  visit(root, false);
  return out;
}

function expectBounded(max = DISPLAY_CHARS): void {
  const longest = longestRendered(document.body);
  expect(longest.text, 'longest text node').toBeLessThanOrEqual(max);
  expect(longest.attribute, 'longest attribute').toBeLessThanOrEqual(max);
  expect(longest.payload, 'longest payload view').toBeLessThanOrEqual(VIEW_LIMIT);
}

let har: string;
let original: { url: string; frameUrl: string; closeReason: string; header: { name: string; value: string } };

beforeAll(() => {
  har = buildHugeHar(SIZES);
  const entry = JSON.parse(har).log.entries[0];
  original = { url: entry.request.url, frameUrl: entry._frameline.frameUrl, closeReason: entry._frameline.closeReason, header: entry.request.headers[1] };
  expect(original.url).toHaveLength(SIZES.url);
  expect(original.header.name).toHaveLength(SIZES.other);
}, 60_000);

function mountViewer(): { store: PanelStore; onCopy: ReturnType<typeof vi.fn> } {
  const store = createPanelStore({ schedule: (cb) => setTimeout(cb, 0) });
  // The file is 250 MB, over the Import button's 200 MB limit: import it as the button would, past the size check.
  const result = importLog({ text: har, fileName: 'huge.har' }, { maxBytes: Infinity });
  if (!result.ok) throw new Error(result.error);
  addImportedLog(store, result.log);
  const onCopy = vi.fn();
  render(<App store={store} settings={DEFAULT_SETTINGS} onSettings={() => {}} prefs={{ ...DEFAULT_UI_PREFS, showChart: false }} onPrefs={() => {}} onCopy={onCopy} />);
  return { store, onCopy };
}

const connectionRow = () => within(screen.getByRole('grid', { name: 'Connections' })).getAllByRole('row').find((r) => r.hasAttribute('data-conn-id'))!;
const messageRows = () => within(screen.getByRole('grid', { name: 'Messages' })).queryAllByRole('row').filter((r) => r.hasAttribute('data-row-id'));

describe('huge fields (50 MB URL, frame URL, close reason, header name and value)', () => {
  it('renders every field clipped, offers the whole value, and keeps it in the store and in exports', async () => {
    const { store, onCopy } = mountViewer();
    await waitFor(() => expect(messageRows().length).toBe(4)); // open, two messages, close
    expectBounded();
    const row = connectionRow();
    expect(row.querySelector('[data-col="url"]')!.textContent).toBe(`${original.url.slice(0, DISPLAY_CHARS - 1)}…`);
    expect(row.querySelector('[data-col="url"]')!.getAttribute('title')).toHaveLength(DISPLAY_CHARS);

    // The connection's details: every fact, header and the initiator clipped, each with "Copy all".
    fireEvent.click(row);
    const details = await screen.findByRole('region', { name: 'Connection details' });
    expectBounded();
    const urlFact = [...details.querySelectorAll('dt')].find((dt) => dt.textContent === 'URL')!.nextElementSibling!;
    expect(urlFact.textContent).toContain('more characters not shown');
    fireEvent.click(within(urlFact as HTMLElement).getByRole('button', { name: 'Copy all' }));
    expect(onCopy).toHaveBeenLastCalledWith(original.url);
    const headers = within(details).getByRole('table', { name: 'Request headers' });
    fireEvent.click(within(headers.querySelectorAll('tr')[1] as HTMLElement).getAllByRole('button', { name: 'Copy all' })[1]);
    expect(onCopy).toHaveBeenLastCalledWith(original.header.value);
    // "Show more" is itself bounded.
    fireEvent.click(within(urlFact as HTMLElement).getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(urlFact.textContent!.length).toBeGreaterThan(SHOW_MORE_CHARS - 10));
    expectBounded(SHOW_MORE_CHARS);
    expect(within(urlFact as HTMLElement).queryByRole('button', { name: 'Show more' })).toBeNull();

    // The close row (its detail is the close reason) and the JSON message with a long key and value.
    const close = messageRows().find((r) => r.getAttribute('data-control') === 'close')!;
    expect(close.textContent).toContain('bye rrr');
    fireEvent.click(messageRows().find((r) => r.getAttribute('data-dir') === 'receive')!);
    fireEvent.click(await screen.findByRole('tab', { name: 'JSON' }));
    await screen.findByRole('tree', { name: 'JSON tree' });
    expectBounded(SHOW_MORE_CHARS);

    // A filter on the URL and one on the close reason still find them.
    const filter = screen.getByRole('searchbox', { name: 'Filter' });
    fireEvent.input(filter, { target: { value: 'url:uuuu' } });
    await waitFor(() => expect(messageRows()).toHaveLength(4));
    fireEvent.input(filter, { target: { value: 'bye' } });
    await waitFor(() => expect(messageRows().map((r) => r.getAttribute('data-control'))).toEqual(['close']));

    // Lossless: the store and an export (with sensitive data) keep every value whole.
    const c = store.getState().connections[0];
    expect(c.url === original.url && c.frameUrl === original.frameUrl && c.closeReason === original.closeReason).toBe(true);
    const log = await sessionFromStore(store, { kind: 'all' });
    const exported = JSON.parse(await (await createHarBlob(log, { sanitize: false })).text()).log.entries[0];
    expect(exported.request.url === original.url).toBe(true);
    expect(exported._frameline.frameUrl === original.frameUrl).toBe(true);
    expect(exported._frameline.closeReason === original.closeReason).toBe(true);
    expect(exported.request.headers.some((h: { name: string; value: string }) => h.name === original.header.name && h.value === original.header.value)).toBe(true);
  }, 180_000);
});
