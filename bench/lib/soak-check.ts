/**
 * Nothing lost, checked the way a user would (bench/soak.bench-run.ts): a panel phase starts with
 * `openPanelPhase` (the panel opened while the traffic flows; the drops it reports once it shows
 * the history are read) and ends with `checkPanelPhase`: the page stops its traffic (each socket
 * asks the server to pause and waits for its "paused"), then the panel must account for every
 * message the page counted: the messages it shows (toolbar "N / M messages") plus the ones it
 * reports as dropped by the page's history limit ("· K older messages dropped"). Drops are
 * legitimate only for what happened before the panel attached and did not fit in the history
 * (10,000 messages per document by default): K must lie between what the page had done before and
 * after the attach minus the history size, and must not grow while the panel is open (a message
 * missing from a live stream would otherwise hide among the drops). Per socket: every socket of the
 * page has its row in the Connections grid with the page's sent and received counts and close
 * code; each socket opened after the attach is clicked, and the Messages list must show exactly
 * the page's count for it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../../src/protocol/settings';
import { poll, sleep } from './cdp';
import type { PageLike } from './firefox';
import { progress } from './results';
import type { SoakBrowser } from './soak-browsers';

const PROBE = readFileSync(fileURLToPath(new URL('../pages/panel-probe.js', import.meta.url)), 'utf8');

/** The page's history limits (a fresh profile has the defaults). */
export const HISTORY = { messages: DEFAULT_SETTINGS.historyMaxMessages, bytes: DEFAULT_SETTINGS.historyMaxBytes };

export interface PageSocket {
  id: number;
  url: string;
  state: string;
  sent: number;
  received: number;
  /** JSON texts carrying "sock":id (both directions). */
  marked: number;
  closeCode?: number;
  wasClean?: boolean;
  closedBy?: 'page' | 'server';
}

export interface PageSummary {
  total: number;
  sent: number;
  received: number;
  opened: number;
  open: number;
  closedByPage: number;
  closedByServer: number;
  errors: number;
  textOut: number;
  arrayBufferOut: number;
  viewOut: number;
  blobOut: number;
  textIn: number;
  arrayBufferIn: number;
  blobIn: number;
  historyHeldBytes: number;
  sockets: PageSocket[];
  unsettled?: string[];
}

export interface Counts {
  shown: number;
  total: number;
  dropped: number;
  filtering: boolean;
}

export interface Attach {
  panel: PageLike;
  phase: number;
  openedAtS: number;
  /** The page's message count before the panel was opened, and once it showed the history. */
  before: number;
  after: number;
  droppedAtAttach: number;
  shownAtAttach: number;
  /** Sockets that existed once the panel showed the history: the later ones are all live. */
  ids: Set<number>;
  historyHeldBytes: number;
}

export interface PhaseCheck {
  phase: number;
  openedAtS: number;
  checkedAtS: number;
  pageMessages: number;
  /** Messages the page counted while this panel was open (from its attach). */
  liveMessages: number;
  shown: number;
  droppedAtAttach: number;
  dropped: number;
  /** Page's messages - shown - dropped (negative: rows the page never had). */
  lost: number;
  droppedWhileOpen: number;
  /** Expected range of the drops at attach: what the page had done before / after the attach, minus the history size. */
  historyBound: [number, number];
  historyOk: boolean;
  /** The page's estimate of the bytes its history held at the attach (text counted 2 B per UTF-16 unit, as the bridge does). */
  historyHeldBytes: number;
  settleMs: number;
  connections: { page: number; panel: number; missing: number; extra: number; countMismatches: number; stateMismatches: number; closeMismatches: number };
  sockets: { checked: number; mismatches: number };
  problems: string[];
}

/** Opens the panel while the traffic flows and reads what it shows once the history arrived. */
export async function openPanelPhase(browser: Pick<SoakBrowser, 'page' | 'openPanel'>, phase: number, elapsedS: () => number): Promise<Attach> {
  const before = await browser.page.evaluate<number>('__soak.total()');
  const openedAtS = elapsedS();
  const panel = await browser.openPanel();
  await panel.waitFor(PROBE, 20_000, 'the panel toolbar');
  const first = await panel.waitFor<Counts>('(() => { const c = window.__probe.counts(); return c && c.total > 0 && c; })()', 60_000, 'the history in the panel');
  const mark = await browser.page.evaluate<{ total: number; ids: number[]; historyHeldBytes: number }>('__soak.mark()');
  progress(`  ${Math.round(openedAtS)} s: panel open, shows ${first.total} messages, reports ${first.dropped} dropped (page: ${before} before, ${mark.total} after)`);
  return { panel, phase, openedAtS, before, after: mark.total, droppedAtAttach: first.dropped, shownAtAttach: first.total, ids: new Set(mark.ids), historyHeldBytes: mark.historyHeldBytes };
}

/** Pauses the traffic and checks the open panel against the page's counts (the panel stays open). */
export async function checkPanelPhase(browser: Pick<SoakBrowser, 'page'>, a: Attach, elapsedS: () => number): Promise<PhaseCheck> {
  const phaseProblems: string[] = [];
  const page = await browser.page.evaluate<PageSummary>('__soak.pause()');
  if (page.unsettled?.length) phaseProblems.push(`sockets that did not go quiet: ${page.unsettled.join(', ')}`);
  const settle0 = Date.now();
  const P = page.total;
  const reached = await poll(
    60_000,
    async () => {
      const c = await a.panel.evaluate<Counts | undefined>('window.__probe.counts()');
      return c && c.total + c.dropped >= P ? c : undefined;
    },
    `${P} messages accounted for in the panel`,
  ).catch(() => undefined);
  const settleMs = Date.now() - settle0;
  if (!reached) phaseProblems.push(`the panel did not account for ${P} messages within 60 s`);
  await sleep(500); // anything beyond the page's count would show up by now
  const c = await a.panel.evaluate<Counts>('window.__probe.counts()');
  const lost = P - c.total - c.dropped;
  const droppedWhileOpen = c.dropped - a.droppedAtAttach;
  if (lost > 0) phaseProblems.push(`${lost} of the page's messages neither shown nor reported dropped`);
  if (lost < 0) phaseProblems.push(`${-lost} more messages shown or dropped than the page had`);
  if (droppedWhileOpen !== 0) phaseProblems.push(`drops went from ${a.droppedAtAttach} to ${c.dropped} while the panel was open`);
  // The drops at attach: what did not fit in the history then (bounded by the page's count
  // before and after the attach; a few messages may still be on their way from the hook).
  const historyBound: [number, number] = [Math.max(0, a.before - HISTORY.messages - 50), Math.max(0, a.after - HISTORY.messages)];
  const byteLimitBinds = a.historyHeldBytes > HISTORY.bytes * 0.9;
  const historyOk = byteLimitBinds || (a.droppedAtAttach >= historyBound[0] && a.droppedAtAttach <= historyBound[1]);
  if (!historyOk) phaseProblems.push(`drops at attach ${a.droppedAtAttach} outside ${historyBound[0]}..${historyBound[1]}`);

  // Per socket, in the Connections grid: a row each, the page's counts, close codes.
  type Row = { id: string; url: string; state: string; close: string; sent: number; received: number };
  const rows = await a.panel.evaluate<Row[]>('window.__probe.connectionRows()');
  const byUrl = new Map(rows.map((r) => [r.url, r]));
  const connections = { page: page.sockets.length, panel: rows.length, missing: 0, extra: 0, countMismatches: 0, stateMismatches: 0, closeMismatches: 0 };
  const examples: string[] = [];
  for (const s of page.sockets) {
    const r = byUrl.get(s.url);
    if (!r) {
      connections.missing++;
      continue;
    }
    byUrl.delete(s.url);
    if (r.sent !== s.sent || r.received !== s.received) {
      connections.countMismatches++;
      if (examples.length < 3) examples.push(`socket ${s.id}: page ${s.sent}/${s.received}, panel ${r.sent}/${r.received}`);
    }
    if (r.state !== s.state) connections.stateMismatches++;
    if (s.state === 'closed' && parseInt(r.close, 10) !== s.closeCode) connections.closeMismatches++;
  }
  connections.extra = byUrl.size;
  if (connections.missing || connections.extra || connections.countMismatches || connections.stateMismatches || connections.closeMismatches) {
    phaseProblems.push(`connections: ${JSON.stringify(connections)} ${examples.join('; ')}`);
  }

  // Sockets opened after the attach: all their messages came live, so the panel must have them all.
  const sockets = { checked: 0, mismatches: 0 };
  const idOf = new Map(rows.map((r) => [r.url, r.id]));
  for (const s of page.sockets) {
    if (a.ids.has(s.id) || !idOf.has(s.url)) continue;
    // The list shows the new connection once its rows carry this socket's id and no other's.
    const mark = JSON.stringify(`"sock":${s.id},`);
    const ready = s.marked ? `(previews) => previews.some((p) => p.includes(${mark})) && previews.every((p) => !/"sock":\\d+,/.test(p) || p.includes(${mark}))` : 'undefined';
    const shown = await a.panel.evaluate<Counts>(`window.__probe.showConnection(${JSON.stringify(idOf.get(s.url))}, ${ready})`).catch((e: Error) => {
      phaseProblems.push(e.message);
      return undefined;
    });
    sockets.checked++;
    if (shown?.shown !== s.sent + s.received) {
      sockets.mismatches++;
      if (sockets.mismatches <= 3) phaseProblems.push(`socket ${s.id}: page ${s.sent + s.received} messages, panel lists ${shown?.shown}`);
    }
  }
  const check: PhaseCheck = {
    phase: a.phase,
    openedAtS: a.openedAtS,
    checkedAtS: elapsedS(),
    pageMessages: P,
    liveMessages: P - a.before,
    shown: c.total,
    droppedAtAttach: a.droppedAtAttach,
    dropped: c.dropped,
    lost,
    droppedWhileOpen,
    historyBound,
    historyOk,
    historyHeldBytes: a.historyHeldBytes,
    settleMs,
    connections,
    sockets,
    problems: phaseProblems,
  };
  progress(
    `  ${Math.round(check.checkedAtS)} s: check: page ${P}, panel shows ${c.total} + ${c.dropped} dropped (${a.droppedAtAttach} at attach): lost ${lost}; ` +
      `${rows.length}/${page.sockets.length} connections; ${sockets.checked} sockets checked row by row${phaseProblems.length ? `; PROBLEMS: ${phaseProblems.join('; ')}` : ''}`,
  );
  return check;
}
