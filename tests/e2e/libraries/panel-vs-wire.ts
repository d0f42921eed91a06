/**
 * Compares what the panel shows for a connection with what the recording proxy saw on the wire.
 * The panel is read only through tests/e2e/support/panel-reader.ts, the way a user sees it.
 *
 * For every message, per direction and in order: text or binary, size (row and details), and
 * content: binary through the hex dump; text through the details payload (exactly, or for JSON
 * the panel's pretty-printed form of the wire text) and through the one-line preview (which is
 * the wire text with whitespace collapsed, so it pins JSON texts byte for byte).
 * Problems come back as readable lines, so a failure says which frame differs and how.
 */
import type { TestPage } from '../harness/browsers';
import { bytesOfHexDump, openMessage, readConnections, readMessages, selectConnection, type ConnectionRow, type MessageDetail, type MessageRow } from '../support/panel-reader';
import type { ProxiedConnection, ProxiedFrame, RecordingProxy } from './recording-proxy';

export interface CapturedMessage {
  row: MessageRow;
  detail: MessageDetail;
}

/** Size as the Connections grid prints it: "999 B", "1.2 kB" ... */
export function sizeLabel(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "N / SIZE" for one direction of a connection, as the Connections grid shows it. */
export function countsLabel(frames: ProxiedFrame[]): string {
  return `${frames.length} / ${sizeLabel(frames.reduce((n, f) => n + f.data.length, 0))}`;
}

/** The panel rows of this proxy's connections, paired in order with the proxy's records. */
export async function pairConnections(panel: TestPage, proxy: RecordingProxy): Promise<{ row: ConnectionRow; conn: ProxiedConnection }[]> {
  const rows = (await readConnections(panel)).filter((r) => {
    try {
      return new URL(r.url).port === String(proxy.port);
    } catch {
      return false;
    }
  });
  const used = new Set<string>();
  const pairs: { row: ConnectionRow; conn: ProxiedConnection }[] = [];
  for (const conn of proxy.connections) {
    const row = rows.find((r) => !used.has(r.id) && pathAndQuery(r.url) === conn.url);
    if (!row) throw new Error(`proxy connection #${conn.id} ${conn.url} is not in the panel; panel shows ${JSON.stringify(rows.map((r) => r.url))}`);
    used.add(row.id);
    pairs.push({ row, conn });
  }
  const extra = rows.filter((r) => !used.has(r.id));
  if (extra.length) throw new Error(`panel shows connections the proxy never saw: ${JSON.stringify(extra.map((r) => r.url))}`);
  return pairs;
}

function pathAndQuery(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** Waits until the panel's counters for this connection match the wire (returns false on timeout). */
export async function waitForCounts(panel: TestPage, id: string, conn: ProxiedConnection, timeout = 10_000): Promise<boolean> {
  const want = {
    sent: countsLabel(conn.frames.filter((f) => f.direction === 'send')),
    received: countsLabel(conn.frames.filter((f) => f.direction === 'receive')),
  };
  try {
    await panel.waitForFunction(
      ({ id, sent, received }) => {
        const row = document.querySelector(`[aria-label="Connections"] [role="row"][data-conn-id="${id}"]`);
        return row?.querySelector('[data-col="sent"]')?.textContent === sent && row?.querySelector('[data-col="received"]')?.textContent === received;
      },
      { id, ...want },
      { timeout },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Scrolls the (virtualised) Messages grid until the row `seq`, at position `index` of the list,
 * is rendered and centred, as a user scrolls to a message before clicking it.
 *
 * Centred, not just visible: a row at the edge of the list gets scrolled again by the click's own
 * scroll-into-view, and the Messages grid reuses its row elements by position (MessageList passes
 * `key` inside a spread props object, which Preact's automatic JSX runtime ignores), so that
 * scroll turns the element being clicked into a neighbouring message and the click selects the
 * neighbour. readCaptured checks the selection either way.
 */
async function revealMessage(panel: TestPage, seq: number, index: number): Promise<void> {
  await panel.evaluate(
    async ({ seq, index }) => {
      const grid = document.querySelector('[role="grid"][aria-label="Messages"]')!;
      // The message grid is its own scroller.
      const scroller = (grid.matches('.scroll') ? grid : grid.querySelector('.scroll')) as HTMLElement;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const rendered = () => grid.querySelector(`[role="row"][data-seq="${seq}"]`) as HTMLElement | null;
      for (let tries = 0; !rendered() && tries < 50; tries++) {
        const rows = [...grid.querySelectorAll('[role="row"][data-seq]')].map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
        const step = Math.max(20, scroller.clientHeight - 40);
        scroller.scrollTop += index < Math.min(...rows) ? -step : index > Math.max(...rows) ? step : 0;
        await frame();
      }
      const row = rendered();
      if (!row) return;
      const box = row.getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      if (box.top >= view.top + box.height && box.bottom <= view.bottom - box.height) return; // well inside already
      row.scrollIntoView({ block: 'center' });
      await frame();
      await frame();
    },
    { seq, index },
  );
}

/** The seq of the row the panel shows as selected. */
function selectedSeq(panel: TestPage): Promise<string | null | undefined> {
  return panel.evaluate(() => document.querySelector('[aria-label="Messages"] [role="row"][aria-selected="true"]')?.getAttribute('data-seq'));
}

/** Every message of one connection as the panel shows it: row and details. */
export async function readCaptured(panel: TestPage, id: string): Promise<CapturedMessage[]> {
  await selectConnection(panel, id);
  const rows = await readMessages(panel);
  const captured: CapturedMessage[] = [];
  for (const [index, row] of rows.entries()) {
    await revealMessage(panel, row.seq, index);
    const detail = await openMessage(panel, row.seq);
    // The details must be those of the row clicked, or the comparison would be meaningless.
    const selected = await selectedSeq(panel);
    if (selected !== String(row.seq)) throw new Error(`clicked message ${row.seq} (row ${index + 1}) but the panel selected ${selected}`);
    captured.push({ row, detail });
  }
  return captured;
}

const show = (text: string, max = 120) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
const describeWire = (f: ProxiedFrame) => `${f.isBinary ? 'binary' : 'text'} ${f.data.length} B ${f.isBinary ? f.data.toString('hex') : show(f.text)}`;
const describePanel = (c: CapturedMessage) => `${c.row.type} ${c.row.size} B ${c.detail.kind === 'hex' ? Buffer.from(bytesOfHexDump(c.detail.payload)).toString('hex') : show(c.detail.payload)}`;

/** Differences between one wire frame and the panel's message in the same place; [] when equal. */
export function compareMessage(label: string, wire: ProxiedFrame, shown: CapturedMessage): string[] {
  const problems: string[] = [];
  const { row, detail } = shown;
  const kind = wire.isBinary ? 'binary' : 'text';
  if (row.type !== kind) problems.push(`${label}: type "${row.type}" in the panel, ${kind} on the wire`);
  if (row.size !== wire.data.length) problems.push(`${label}: size ${row.size} B in the panel, ${wire.data.length} B on the wire`);
  if (detail.facts.size !== `${wire.data.length} B`) problems.push(`${label}: details size "${detail.facts.size}", ${wire.data.length} B on the wire`);
  if (wire.isBinary) {
    if (detail.kind !== 'hex') problems.push(`${label}: details show ${detail.kind}, not a hex dump, for a binary frame`);
    else {
      const bytes = Buffer.from(bytesOfHexDump(detail.payload));
      if (!bytes.equals(wire.data)) problems.push(`${label}: bytes ${bytes.toString('hex')} in the panel, ${wire.data.toString('hex')} on the wire`);
    }
  } else if (detail.kind === 'hex') {
    problems.push(`${label}: hex dump in the panel for a text frame ${show(wire.text)}`);
  } else if (detail.kind === 'json') {
    let pretty: string | undefined;
    try {
      pretty = JSON.stringify(JSON.parse(wire.text), null, 2);
    } catch {
      problems.push(`${label}: panel shows JSON, but the wire text is not JSON: ${show(wire.text)}`);
    }
    if (pretty !== undefined && detail.payload !== pretty) problems.push(`${label}: JSON ${show(detail.payload)} in the panel, ${show(pretty)} from the wire`);
  } else if (detail.payload !== wire.text) {
    problems.push(`${label}: text ${show(detail.payload)} in the panel, ${show(wire.text)} on the wire`);
  }
  if (!wire.isBinary) {
    // The one-line preview ends with the text, whitespace collapsed (a decoder's summary may come
    // first); a long text is cut with an ellipsis, then only the details pane is compared.
    const collapsed = wire.text.replace(/\s+/g, ' ');
    const cut = row.preview.endsWith('…') && !collapsed.endsWith('…');
    if (!cut && !row.preview.endsWith(collapsed)) problems.push(`${label}: preview ${show(row.preview)} in the panel, ${show(collapsed)} from the wire`);
  }
  return problems;
}

/** Differences between all messages of a connection and its wire log; [] when equal. */
export function compareConnection(conn: ProxiedConnection, captured: CapturedMessage[]): string[] {
  const problems: string[] = [];
  for (const dir of ['send', 'receive'] as const) {
    const wire = conn.frames.filter((f) => f.direction === dir);
    const shown = captured.filter((c) => c.row.dir === dir);
    if (wire.length !== shown.length) {
      problems.push(`${conn.url} ${dir}: ${shown.length} messages in the panel, ${wire.length} on the wire`);
      problems.push(`  wire : ${wire.map(describeWire).join('\n         ')}`);
      problems.push(`  panel: ${shown.map(describePanel).join('\n         ')}`);
    }
    for (let i = 0; i < Math.min(wire.length, shown.length); i++) problems.push(...compareMessage(`${conn.url} ${dir} #${i + 1}`, wire[i], shown[i]));
  }
  // Arrival order: clock times never go backwards down the connection's list.
  const times = captured.map((c) => c.row.time);
  if ([...times].sort().join() !== times.join()) problems.push(`${conn.url}: message times out of order: ${times.join(' ')}`);
  return problems;
}

/**
 * The whole check for one connection: wait for the panel's counters to catch up with the wire,
 * then compare counters and every message. Returns the problems ([] when the panel is right).
 */
export async function checkConnection(panel: TestPage, row: ConnectionRow, conn: ProxiedConnection): Promise<string[]> {
  await waitForCounts(panel, row.id, conn);
  const problems: string[] = [];
  const fresh = (await readConnections(panel)).find((r) => r.id === row.id)!;
  const sent = countsLabel(conn.frames.filter((f) => f.direction === 'send'));
  const received = countsLabel(conn.frames.filter((f) => f.direction === 'receive'));
  if (fresh.sent !== sent) problems.push(`${conn.url}: Sent column "${fresh.sent}", wire ${sent}`);
  if (fresh.received !== received) problems.push(`${conn.url}: Received column "${fresh.received}", wire ${received}`);
  problems.push(...compareConnection(conn, await readCaptured(panel, row.id)));
  return problems;
}
