/**
 * The "Connections" grid: one row per socket of the inspected tab (or of an imported log), every
 * handshake fact visible, sortable by any column. Click selects one; Ctrl/Cmd-click adds or
 * removes; Shift-click selects a range. Several selected connections are shown merged.
 * Keyboard: arrows, PageUp/PageDown, Home/End select one (the grid names it as its active
 * descendant); Ctrl/Cmd+A selects all; Escape none.
 * Durations and rates of open connections grow as time passes: this list ticks once a second on
 * its own (`useNow`), so the rest of the panel does not re-render with it.
 */
import { useState } from 'preact/hooks';
import type { ConnectionInfo } from '../../protocol/records';
import { formatBytes } from '../../lib/bytes';
import { formatClock, frameLabel } from '../common/format';
import { compareConnections, durationMs, formatDuration, formatRate, messageRate, type ConnectionSortKey } from './format-connection';
import { t } from '../common/i18n';
import { useNow } from '../common/use-now';
import { clipForDisplay } from '../common/clip';

export interface ConnectionListProps {
  connections: ConnectionInfo[];
  selected: ReadonlySet<string>;
  onSelect(ids: Set<string>): void;
}

/** Height of a row (panel.css `.row`), for PageUp/PageDown. */
const ROW_HEIGHT = 20;

/** DOM id of a connection row: the grid names the selected one as its active descendant. */
const connectionRowId = (id: string) => `connection-row-${id}`;

const COLUMNS: { key: string; sort?: ConnectionSortKey }[] = [
  { key: 'url', sort: 'url' },
  { key: 'frame', sort: 'frame' },
  { key: 'state', sort: 'state' },
  { key: 'protocol', sort: 'protocol' },
  { key: 'extensions' },
  { key: 'opened', sort: 'created' },
  { key: 'closed' },
  { key: 'close' },
  { key: 'sent', sort: 'sent' },
  { key: 'received', sort: 'received' },
  { key: 'rate', sort: 'rate' },
  { key: 'duration', sort: 'duration' },
];

export function ConnectionList({ connections, selected, onSelect }: ConnectionListProps) {
  const now = useNow(1000);
  const [sort, setSort] = useState<{ key: ConnectionSortKey; descending: boolean }>({ key: 'created', descending: false });
  const [anchor, setAnchor] = useState<string | undefined>();
  const compare = compareConnections(sort.key, now);
  const rows = [...connections].sort((a, b) => (sort.descending ? -compare(a, b) : compare(a, b)));

  function click(event: MouseEvent, id: string): void {
    if (event.shiftKey && anchor) {
      const from = rows.findIndex((c) => c.id === anchor);
      const to = rows.findIndex((c) => c.id === id);
      const [lo, hi] = from < to ? [from, to] : [to, from];
      onSelect(new Set(rows.slice(lo, hi + 1).map((c) => c.id)));
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      onSelect(next);
    } else onSelect(new Set([id]));
    setAnchor(id);
  }

  function onKeyDown(event: KeyboardEvent): void {
    const current = rows.findIndex((c) => selected.has(c.id));
    const grid = event.currentTarget as HTMLElement;
    const page = Math.max(1, Math.floor(grid.clientHeight / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: rows.length - 1 };
    if (event.key === 'Escape') return onSelect(new Set());
    if (event.key === 'a' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      return onSelect(new Set(rows.map((c) => c.id)));
    }
    const next = moves[event.key];
    if (next === undefined || rows.length === 0) return;
    event.preventDefault();
    const target = rows[Math.max(0, Math.min(rows.length - 1, next))];
    onSelect(new Set([target.id]));
    setAnchor(target.id);
    grid.querySelector(`[data-conn-id="${CSS.escape(target.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }

  // The first selected row is the one screen readers hear as current (the grid keeps the focus).
  const active = rows.find((c) => selected.has(c.id));

  return (
    <div
      class="connections"
      role="grid"
      aria-label={t('connections')}
      aria-multiselectable="true"
      aria-rowcount={rows.length + 1}
      aria-activedescendant={active ? connectionRowId(active.id) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div class="row header" role="row" aria-rowindex={1}>
        {COLUMNS.map(({ key, sort: sortKey }) => (
          <div
            role="columnheader"
            class={`cell col-${key}${sortKey ? ' sortable' : ''}`}
            key={key}
            aria-sort={sortKey && sort.key === sortKey ? (sort.descending ? 'descending' : 'ascending') : undefined}
            onClick={sortKey ? () => setSort({ key: sortKey, descending: sort.key === sortKey ? !sort.descending : false }) : undefined}
          >
            {t(`col_${key}`)}
            {sortKey && sort.key === sortKey ? (sort.descending ? ' ▾' : ' ▴') : ''}
          </div>
        ))}
      </div>
      {rows.length === 0 && <div class="empty">{t('noConnections')}</div>}
      {rows.map((c, index) => (
        <ConnectionRow key={c.id} connection={c} index={index} selected={selected.has(c.id)} onClick={(e) => click(e, c.id)} now={now} />
      ))}
    </div>
  );
}

/** "worker · app/worker.js": the kind in the UI language, the script as the page named it. */
function WorkerLabel({ context }: { context: NonNullable<ConnectionInfo['context']> }) {
  return (
    <>
      {t(`context_${context.kind}`)}{' '}
      <span data-untranslated>{frameLabel(context.scriptUrl)}</span>
    </>
  );
}

function ConnectionRow({ connection: c, index, selected, onClick, now }: { connection: ConnectionInfo; index: number; selected: boolean; onClick(e: MouseEvent): void; now: number }) {
  // Every field is clipped: a cell (and its tooltip) laid out a 50 MB URL for seconds at each render.
  const url = clipForDisplay(c.url);
  const frameUrl = clipForDisplay(c.frameUrl);
  const requested = clipForDisplay(c.protocolsRequested.join(', '));
  const protocol = clipForDisplay(requested ? `${requested} → ${clipForDisplay(c.protocol) || '∅'}` : c.protocol);
  const extensions = clipForDisplay(c.extensions);
  const close = clipForDisplay(
    c.closeCode !== undefined ? `${c.closeCode}${c.closeReason ? ` ${clipForDisplay(c.closeReason)}` : ''} (${c.wasClean ? t('clean') : t('notClean')})` : '',
  );
  // Captured data is marked `data-untranslated`: it is shown as the page sent it, in no UI language.
  const finished = c.state === 'closed' || c.state === 'error';
  return (
    <div class={`row${selected ? ' selected' : ''}${finished ? ' finished' : ''}`} role="row" id={connectionRowId(c.id)} aria-rowindex={index + 2} aria-selected={selected} data-conn-id={c.id} onClick={onClick}>
      <div role="gridcell" class="cell col-url" data-col="url" title={url} data-untranslated>
        {url}
      </div>
      <div role="gridcell" class="cell col-frame" data-col="frame" title={c.context ? clipForDisplay(c.context.scriptUrl) : frameUrl} data-context={c.context?.kind}>
        {c.context && <WorkerLabel context={c.context} />}
        {c.context ? null : c.source === 'imported' ? t('importedTag') : c.frameId === 0 ? t('topFrame') : <span data-untranslated>{frameLabel(c.frameUrl)}</span>}
        <span data-col="frame-url" hidden data-untranslated>
          {frameUrl}
        </span>
      </div>
      <div role="gridcell" class={`cell col-state state-${c.state}`} data-col="state" data-state={c.state}>
        {t(`state_${c.state}`)}
      </div>
      <div role="gridcell" class="cell col-protocol" data-col="protocol" title={t('protocolTitle')} data-untranslated>
        {protocol}
      </div>
      <div role="gridcell" class="cell col-extensions" data-col="extensions" title={extensions} data-untranslated>
        {extensions}
      </div>
      <div role="gridcell" class="cell col-opened" data-col="opened">
        {c.openedAt !== undefined ? formatClock(c.openedAt) : ''}
      </div>
      <div role="gridcell" class="cell col-closed" data-col="closed">
        {c.closedAt !== undefined ? formatClock(c.closedAt) : ''}
      </div>
      <div role="gridcell" class="cell col-close" data-col="close" title={close}>
        {c.closeCode !== undefined && (
          <>
            {c.closeCode}
            {c.closeReason && <span data-untranslated> {clipForDisplay(c.closeReason)}</span>} ({c.wasClean ? t('clean') : t('notClean')})
          </>
        )}
      </div>
      <div role="gridcell" class="cell col-sent num" data-col="sent">
        {c.sent.count} / {formatBytes(c.sent.bytes)}
      </div>
      <div role="gridcell" class="cell col-received num" data-col="received">
        {c.received.count} / {formatBytes(c.received.bytes)}
      </div>
      <div role="gridcell" class="cell col-rate num" data-col="rate">
        {formatRate(messageRate(c, now))}
      </div>
      <div role="gridcell" class="cell col-duration num" data-col="duration">
        {formatDuration(durationMs(c, now))}
      </div>
    </div>
  );
}
