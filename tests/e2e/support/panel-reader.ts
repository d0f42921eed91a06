/**
 * Reads the panel the way a user does: through its named grids and their rows (the panel's
 * fixed accessible names), never through the store. Works for the panel in a tab and in DevTools.
 */
import type { TestPage } from '../harness/browsers';

export interface ConnectionRow {
  id: string;
  url: string;
  frame: string;
  frameUrl: string;
  state: string;
  protocol: string;
  close: string;
  sent: string;
  received: string;
  finished: boolean;
}

export interface MessageRow {
  dir: 'send' | 'receive';
  seq: number;
  label: string;
  time: string;
  rel: string;
  size: number;
  type: string;
  preview: string;
  /** Decoded one-line summary, when a decoder knows the protocol. */
  summary?: string;
}

export function readConnections(panel: TestPage): Promise<ConnectionRow[]> {
  return panel.evaluate(() => {
    const grid = document.querySelector('[role="grid"][aria-label="Connections"]');
    if (!grid) throw new Error('no Connections grid');
    return [...grid.querySelectorAll('[role="row"][data-conn-id]')].map((row) => {
      const cell = (name: string) => row.querySelector(`[data-col="${name}"]`)?.textContent ?? '';
      return {
        id: row.getAttribute('data-conn-id')!,
        url: cell('url'),
        frame: row.querySelector('[data-col="frame"]')?.firstChild?.textContent ?? '',
        frameUrl: cell('frame-url'),
        state: cell('state'),
        protocol: cell('protocol'),
        close: cell('close'),
        sent: cell('sent'),
        received: cell('received'),
        finished: row.classList.contains('finished'),
      };
    });
  });
}

export async function selectConnection(panel: TestPage, id: string): Promise<void> {
  await panel.click(`[aria-label="Connections"] [role="row"][data-conn-id="${id}"]`);
}

/** Every row of the Messages grid, scrolling through the virtual list to see them all. */
export function readMessages(panel: TestPage): Promise<MessageRow[]> {
  return panel.evaluate(async () => {
    const grid = document.querySelector('[role="grid"][aria-label="Messages"]');
    if (!grid) throw new Error('no Messages grid');
    // The grid is its own scroller (it was once a wrapper around it).
    const scroller = (grid.matches('.scroll') ? grid : grid.querySelector('.scroll')) as HTMLElement;
    const rows = new Map<number, any>();
    const collect = () => {
      for (const row of grid.querySelectorAll('[role="row"][data-seq]')) {
        const index = Number(row.getAttribute('aria-rowindex'));
        const cell = (name: string) => row.querySelector(`[data-col="${name}"]`);
        rows.set(index, {
          dir: row.getAttribute('data-dir'),
          seq: Number(row.getAttribute('data-seq')),
          label: row.getAttribute('aria-label') ?? '',
          time: cell('time')?.textContent ?? '',
          rel: cell('rel')?.textContent ?? '',
          size: Number(cell('size')?.getAttribute('data-bytes')),
          type: cell('type')?.textContent ?? '',
          // The preview text alone (the cell also holds the decoded summary and, when several
          // connections are shown, the connection's label).
          preview: (cell('preview-text') ?? cell('preview'))?.textContent ?? '',
          summary: cell('summary')?.textContent ?? undefined,
        });
      }
    };
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    scroller.scrollTop = 0;
    await frame();
    collect();
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += Math.max(20, scroller.clientHeight - 40);
      await frame();
      collect();
    }
    return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
  });
}

export interface MessageDetail {
  /** Text of the payload view (pretty JSON, text, or hex dump). */
  payload: string;
  kind: 'text' | 'json' | 'hex';
  facts: Record<string, string>;
}

/** Clicks the message with this sequence number and reads the details pane. */
export async function openMessage(panel: TestPage, seq: number): Promise<MessageDetail> {
  await panel.evaluate((s) => {
    const row = document.querySelector(`[aria-label="Messages"] [role="row"][data-seq="${s}"]`) as HTMLElement | null;
    if (!row) throw new Error(`message ${s} is not rendered`);
    row.scrollIntoView({ block: 'nearest' });
  }, seq);
  await panel.click(`[aria-label="Messages"] [role="row"][data-seq="${seq}"]`);
  return panel.evaluate(() => {
    const details = document.querySelector('[aria-label="Message details"]')!;
    const pre = details.querySelector('pre.payload') as HTMLElement;
    const facts: Record<string, string> = {};
    for (const dd of details.querySelectorAll('dd[data-field]')) facts[dd.getAttribute('data-field')!] = dd.textContent ?? '';
    const kind = pre.classList.contains('payload-hex') ? 'hex' : pre.classList.contains('payload-json') ? 'json' : 'text';
    return { payload: pre.textContent ?? '', kind, facts } as const;
  });
}

/** Bytes of a hex dump as the panel shows it (offset, hex groups, ASCII). */
export function bytesOfHexDump(dump: string): number[] {
  const bytes: number[] = [];
  for (const line of dump.split('\n')) {
    // "OOOOOOOO  hh hh hh hh hh hh hh hh  hh hh hh hh hh hh hh hh  ASCII": the hex part is columns 10-58.
    if (!/^[0-9a-f]{8} {2}/.test(line)) continue;
    for (const hex of line.slice(10, 58).trim().split(/\s+/)) if (hex) bytes.push(parseInt(hex, 16));
  }
  return bytes;
}

/** Waits until the panel shows `count` connections (or more). */
export async function waitForConnections(panel: TestPage, count: number, timeout = 15_000): Promise<void> {
  await panel.waitForFunction(
    (n) => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length >= n,
    count,
    { timeout },
  );
}

/** Sets the Filter box the way typing does, in one step (a driver's fill can race the panel's re-render). */
export async function setFilter(panel: TestPage, text: string): Promise<void> {
  await panel.evaluate((value) => {
    const input = document.querySelector('input[aria-label="Filter"]') as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}
