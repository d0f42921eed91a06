/**
 * The "Messages" grid: virtualised rows (direction, the data preview with the socket label, then
 * the optional time, +time since open, size, and type with the marks of what Frameline did to the
 * message; columns.ts decides which fit)
 * over a message view, so a million rows cost what the visible ones cost. Keyboard: Up/Down,
 * PageUp/PageDown, Home/End move the selection, Enter opens the details. Follow-tail is on while
 * the list is scrolled to the bottom and turns off when the user scrolls up.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import type { MarkedMessage } from '../../protocol/intercept';
import { formatBytes } from '../../lib/bytes';
import { isControlEvent, type ControlEvent, type FilterRow } from '../../query/types';
import type { MessageView } from '../state/message-view';
import { connectionStart, directionLabel, formatClock, formatRelative, previewParts } from '../common/format';
import { controlText, readControlDetail } from './control-detail';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';
import { defaultRangeExtractor } from '@tanstack/virtual-core';
import { useVirtualRows } from './use-virtual-rows';
import { tailRange } from './tail-range';
import { useSize } from '../common/use-size';
import { fitColumns, OPTIONAL_COLUMNS, type OptionalColumn } from './columns';
import { ColumnMenu } from './ColumnMenu';

export const MESSAGE_ROW_HEIGHT = 20;

export interface MessageListProps {
  view: MessageView;
  rowAt(id: number): FilterRow;
  connectionOf(id: string): ConnectionInfo | undefined;
  /** Short label of a connection for merged views (e.g. "#2"), or undefined when one is shown. */
  connectionLabel?(id: string): string | undefined;
  /** Decoded one-line summary of a message, if a decoder knows its protocol. */
  summaryOf?(id: number, row: MessageRecord): string | undefined;
  selectedId?: number;
  /** Rows picked with Ctrl/Cmd- or Shift-click (e.g. for replaying several). */
  picked?: ReadonlySet<number>;
  onSelect(id: number): void;
  onPick?(id: number, mode: 'toggle' | 'range'): void;
  onOpen(id: number): void;
  /** Optional columns the user hid (remembered by the caller), and how to change them. */
  hiddenColumns?: readonly string[];
  onHiddenColumns?(hidden: string[]): void;
  /** Set to the focusable grid (the panel sends focus back to it from the details). */
  gridRef?: RefObject<HTMLDivElement>;
  /** A message the page sent on a served socket that the log did not expect ("Serve from log"). */
  isUnmatched?(id: number, message: MessageRecord): boolean;
}

const HEADER_KEYS: Record<OptionalColumn, string> = { time: 'col_time', rel: 'col_sinceOpen', size: 'col_size', type: 'col_type' };

/** DOM id of a message row: the grid names the selected one as its active descendant. */
export const messageRowId = (id: number) => `message-row-${id}`;

export function MessageList(props: MessageListProps) {
  const { view, rowAt, connectionOf, connectionLabel, summaryOf, selectedId, picked, onSelect, onPick, onOpen, gridRef } = props;
  const hidden = props.hiddenColumns ?? [];
  // The list's width decides which optional columns fit (columns.ts).
  const outerRef = useRef<HTMLDivElement>(null);
  const { width } = useSize(outerRef);
  const columns = fitColumns(width, hidden);
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>();
  const ownRef = useRef<HTMLDivElement>(null);
  const scrollRef = gridRef ?? ownRef;
  const followTail = useRef(true);
  const count = view.count;
  /** The count the list last scrolled to the end for: rows added since then are about to be. */
  const followedCount = useRef(-1);
  const toTail = followTail.current && count !== followedCount.current;
  const virtualizer = useVirtualRows(count, MESSAGE_ROW_HEIGHT, scrollRef, MESSAGE_ROW_HEIGHT, (range) => (toTail ? tailRange(range) : defaultRangeExtractor(range)));
  const selectedIndex = selectedId === undefined ? -1 : view.indexOfId(selectedId);

  // Following the tail: the tail's rows are rendered (tail-range.ts) and the list goes straight to
  // the end (the browser clamps the offset) before the frame is painted. scrollToIndex after the
  // paint drew each frame twice (rows under the old offset, then the tail after the scroll) and
  // checked its target again in a loop of animation frames, each reading the layout anew: under
  // a stream, most of the panel's frame time (docs/ARCHITECTURE.md, relay latency).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!followTail.current) return;
    followedCount.current = count;
    if (count > 0 && el) el.scrollTop = el.scrollHeight;
  }, [count]);

  /** When the user last scrolled (wheel, touch, scrollbar, keys): only that turns follow-tail off. */
  const userScrollAt = useRef(0);
  const userScrolled = () => {
    userScrollAt.current = Date.now();
  };

  function onScroll(): void {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - MESSAGE_ROW_HEIGHT;
    // Our own scrollToIndex and rows growing under a fast stream scroll too; they must not count.
    if (atBottom) followTail.current = true;
    else if (Date.now() - userScrollAt.current < 600) followTail.current = false;
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (count === 0) return;
    if (event.key === 'Enter' && selectedId !== undefined) {
      event.preventDefault();
      return onOpen(selectedId);
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 200) / MESSAGE_ROW_HEIGHT) - 1);
    const from = selectedIndex < 0 ? -1 : selectedIndex;
    const keys: Record<string, number> = {
      ArrowDown: Math.min(count - 1, from + 1),
      ArrowUp: Math.max(0, from - 1),
      PageDown: Math.min(count - 1, from + page),
      PageUp: Math.max(0, from - page),
      Home: 0,
      End: count - 1,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    userScrolled();
    followTail.current = next === count - 1;
    onSelect(view.idAt(next));
    virtualizer.scrollToIndex(next);
  }

  const items = virtualizer.getVirtualItems();
  // Named only while rendered: a virtual list has no element for a row scrolled far away.
  const activeRow = selectedId !== undefined && items.some((item) => item.index === selectedIndex) ? messageRowId(selectedId) : undefined;
  // The scroller is the grid itself, so the one Tab stop is also what the keyboard scrolls; the
  // header sticks at its top and the rows start under it (the virtualizer's scroll margin).
  return (
    <div ref={outerRef} class="messages">
      <div
        class="scroll"
        ref={scrollRef}
        role="grid"
        aria-label={t('messages')}
        aria-rowcount={count + 1}
        aria-activedescendant={activeRow}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        onWheel={userScrolled}
        onTouchMove={userScrolled}
        onPointerDown={userScrolled}
      >
        <div
          class="row header"
          role="row"
          aria-rowindex={1}
          onContextMenu={(e) => {
            if (!props.onHiddenColumns) return;
            e.preventDefault();
            setMenu({ x: e.clientX, y: e.clientY });
          }}
        >
          <div role="columnheader" class="cell col-dir" aria-label={t('col_direction')} />
          <div role="columnheader" class="cell col-preview">
            {t('col_data')}
          </div>
          {columns.map((c) => (
            <div key={c} role="columnheader" class={`cell col-${c}${c === 'size' ? ' num' : ''}`}>
              {t(HEADER_KEYS[c])}
            </div>
          ))}
          {props.onHiddenColumns && (
            <div role="columnheader" class="cell col-menu">
              <button
                type="button"
                class="columns-button"
                aria-haspopup="menu"
                aria-expanded={menu !== undefined}
                aria-label={t('columnsMenu')}
                title={t('columnsMenu')}
                onClick={(e) => {
                  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                  setMenu({ x: r.right, y: r.bottom });
                }}
              >
                ⋮
              </button>
            </div>
          )}
        </div>
        {count === 0 && <div class="empty">{t('noMessages')}</div>}
        <div class="spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            if (item.index >= count) return null;
            const id = view.idAt(item.index);
            const row = rowAt(id);
            const common = {
              id,
              index: item.index,
              top: item.start - MESSAGE_ROW_HEIGHT,
              start: connectionStart(connectionOf(row.connId)),
              selected: id === selectedId || picked?.has(id) === true,
              label: connectionLabel?.(row.connId),
              columns,
              onSelect: (rowId: number, event?: MouseEvent) => {
                if (event && onPick && (event.ctrlKey || event.metaKey)) onPick(rowId, 'toggle');
                else if (event && onPick && event.shiftKey) onPick(rowId, 'range');
                else onSelect(rowId);
              },
              onOpen,
            };
            // Keyed by row id, not by place among the rendered rows: recycling elements by place
            // made scrolling cheaper (issue 13), but an element then shows another message after a
            // scroll, so a row the user points at, or that has focus, changes under them (Firefox
            // 153: a click aimed at a row never found it steady while the list followed its tail).
            // `key` must be written out: the automatic JSX runtime ignores one inside spread props.
            const key = id;
            return isControlEvent(row) ? <ControlRow key={key} {...common} row={row} /> : <MessageRow key={key} {...common} message={row} summary={clipForDisplay(summaryOf?.(id, row) ?? '') || undefined} unmatched={props.isUnmatched?.(id, row)} />;
          })}
        </div>
      </div>
      {menu && props.onHiddenColumns && (
        <ColumnMenu
          at={menu}
          items={OPTIONAL_COLUMNS.map((c) => ({ key: c, label: t(HEADER_KEYS[c]), checked: !hidden.includes(c) }))}
          onToggle={(key) => props.onHiddenColumns!(hidden.includes(key) ? hidden.filter((h) => h !== key) : [...hidden, key])}
          onClose={() => setMenu(undefined)}
        />
      )}
    </div>
  );
}

interface RowProps {
  id: number;
  index: number;
  top: number;
  start: number | undefined;
  selected: boolean;
  label?: string;
  columns: readonly OptionalColumn[];
  onSelect(id: number, event?: MouseEvent): void;
  onOpen(id: number): void;
}

function MessageRow({ message, id, index, top, start, selected, label, columns, summary, unmatched, onSelect, onOpen }: RowProps & { message: MarkedMessage; summary?: string; unmatched?: boolean }) {
  const direction = directionLabel(message);
  const time = formatClock(message.time);
  const { lead, data } = previewParts(message);
  const preview = lead + data;
  const kind = message.opcode === 1 ? t('text') : t('binary');
  const marks = clipForDisplay([
    message.truncated && t('truncated'),
    message.discarded && t('discarded'),
    message.injected && t('markInjected'),
    message.replayed && t('markReplayed'),
    message.edited && t('markEdited'),
    // What interception did (src/protocol/intercept.ts, InterceptMarks).
    message.blocked && t('markBlocked'),
    message.dropped && t('markDropped'),
    message.rewritten && t('markRewritten'),
    message.delayedMs && t('markDelayed', [String(Math.round(message.delayedMs))]),
    message.autoReply && t('markAutoReply'),
    message.rule && t('markRule', [message.rule]),
    unmatched && t('markUnmatched'),
  ]
    .filter(Boolean)
    .map((m) => ` (${m})`)
    .join(''));
  return (
    <div
      class={`row msg dir-${message.dir}${index % 2 ? ' alt' : ''}${selected ? ' selected' : ''}${message.discarded ? ' discarded' : ''}${unmatched ? ' unmatched' : ''}`}
      role="row"
      id={messageRowId(id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={clipForDisplay(`${t(direction)} ${time} ${message.size} B ${kind}${marks}: ${summary ? `${summary} · ` : ''}${preview}`)}
      data-dir={message.dir}
      data-seq={message.seq}
      data-row-id={id}
      data-unmatched={unmatched ? '' : undefined}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(e) => onSelect(id, e)}
      onDblClick={() => onOpen(id)}
    >
      <div role="gridcell" class="cell col-dir" data-col="dir" title={t(direction)}>
        {message.dir === 'send' ? '↑' : '↓'}
      </div>
      <div role="gridcell" class="cell col-preview" data-col="preview">
        {label && <span class="conn-label">{label}</span>}
        {summary && (
          <span class="summary" data-col="summary" data-untranslated>
            {summary}
          </span>
        )}
        <span data-col="preview-text">
          {lead}
          <span data-untranslated>{data}</span>
        </span>
      </div>
      {columns.includes('time') && (
        <div role="gridcell" class="cell col-time" data-col="time">
          {time}
        </div>
      )}
      {columns.includes('rel') && (
        <div role="gridcell" class="cell col-rel" data-col="rel">
          {start !== undefined ? formatRelative(message.time - start) : ''}
        </div>
      )}
      {columns.includes('size') && (
        <div role="gridcell" class="cell col-size num" data-col="size" data-bytes={message.size}>
          {formatBytes(message.size)}
        </div>
      )}
      {columns.includes('type') && (
        <div role="gridcell" class="cell col-type" data-col="type" title={clipForDisplay(`${kind}${marks}`)}>
          {kind}
          {marks}
        </div>
      )}
    </div>
  );
}

function ControlRow({ row, id, index, top, start, selected, label, columns, onSelect }: RowProps & { row: ControlEvent }) {
  // The detail holds the close reason or the error, as long as the page or the file made it: read clipped.
  const detail = readControlDetail(row);
  const text = clipForDisplay(controlText(row));
  return (
    <div
      class={`row msg control control-${row.event}${index % 2 ? ' alt' : ''}${selected ? ' selected' : ''}`}
      role="row"
      id={messageRowId(id)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={clipForDisplay(`${t('control')} ${formatClock(row.time)}: ${text}`)}
      data-control={row.event}
      data-row-id={id}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(id)}
    >
      <div role="gridcell" class="cell col-dir" data-col="dir">
        •
      </div>
      <div role="gridcell" class="cell col-preview" data-col="preview">
        {label && <span class="conn-label">{label}</span>}
        {t(`event_${row.event}`)}
        {detail.protocol !== undefined && (
          <>
            {` ${t('controlProtocol')} `}
            <span data-untranslated>{detail.protocol}</span>
          </>
        )}
        {detail.data && (
          <>
            {' '}
            <span data-untranslated>{detail.data}</span>
          </>
        )}
        {detail.notClean && ` (${t('notClean')})`}
      </div>
      {columns.includes('time') && (
        <div role="gridcell" class="cell col-time" data-col="time">
          {formatClock(row.time)}
        </div>
      )}
      {columns.includes('rel') && (
        <div role="gridcell" class="cell col-rel" data-col="rel">
          {start !== undefined ? formatRelative(row.time - start) : ''}
        </div>
      )}
      {columns.includes('size') && <div role="gridcell" class="cell col-size num" data-col="size" />}
      {columns.includes('type') && (
        <div role="gridcell" class="cell col-type" data-col="type">
          {t('control')}
        </div>
      )}
    </div>
  );
}
