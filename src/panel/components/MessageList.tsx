/**
 * The "Messages" grid: virtualised rows (direction, time, +time since open, size, type, preview),
 * keyboard navigation and follow-tail (on while scrolled to the bottom).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ConnectionInfo, MessageRecord } from '../../model/types';
import { formatBytes } from '../../model/bytes';
import { connectionStart, directionLabel, formatClock, formatRelative, previewOf } from '../format';
import { t } from '../i18n';
import { useVirtualRows } from './use-virtual-rows';

export const MESSAGE_ROW_HEIGHT = 20;

export interface MessageListProps {
  messages: MessageRecord[];
  connectionOf(id: string): ConnectionInfo | undefined;
  selected?: MessageRecord;
  onSelect(message: MessageRecord): void;
}

export function MessageList({ messages, connectionOf, selected, onSelect }: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const followTail = useRef(true);
  const virtualizer = useVirtualRows(messages.length, MESSAGE_ROW_HEIGHT, scrollRef);
  const selectedIndex = selected ? messages.indexOf(selected) : -1;

  useEffect(() => {
    if (followTail.current && messages.length > 0) virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
  }, [messages.length]);

  function onScroll(): void {
    const el = scrollRef.current;
    if (el) followTail.current = el.scrollTop + el.clientHeight >= el.scrollHeight - MESSAGE_ROW_HEIGHT;
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (messages.length === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 200) / MESSAGE_ROW_HEIGHT) - 1);
    const keys: Record<string, number> = {
      ArrowDown: Math.min(messages.length - 1, selectedIndex + 1),
      ArrowUp: Math.max(0, selectedIndex - 1),
      PageDown: Math.min(messages.length - 1, selectedIndex + page),
      PageUp: Math.max(0, selectedIndex - page),
      Home: 0,
      End: messages.length - 1,
    };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    followTail.current = next === messages.length - 1;
    onSelect(messages[next]);
    virtualizer.scrollToIndex(next);
  }

  return (
    <div class="messages" role="grid" aria-label={t('messages')} aria-rowcount={messages.length + 1} tabIndex={0} onKeyDown={onKeyDown}>
      <div class="row header" role="row">
        <div role="columnheader" class="cell col-dir" aria-label={t('col_direction')} />
        <div role="columnheader" class="cell col-time">{t('col_time')}</div>
        <div role="columnheader" class="cell col-rel">{t('col_sinceOpen')}</div>
        <div role="columnheader" class="cell col-size num">{t('col_size')}</div>
        <div role="columnheader" class="cell col-type">{t('col_type')}</div>
        <div role="columnheader" class="cell col-preview">{t('col_data')}</div>
      </div>
      <div class="scroll" ref={scrollRef} onScroll={onScroll}>
        {messages.length === 0 && <div class="empty">{t('noMessages')}</div>}
        <div class="spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const message = messages[item.index];
            return (
              <MessageRow
                key={`${message.connId}#${message.seq}`}
                message={message}
                index={item.index}
                top={item.start}
                start={connectionStart(connectionOf(message.connId))}
                selected={message === selected}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  message: MessageRecord;
  index: number;
  top: number;
  start: number | undefined;
  selected: boolean;
  onSelect(message: MessageRecord): void;
}

function MessageRow({ message, index, top, start, selected, onSelect }: RowProps) {
  const direction = directionLabel(message);
  const time = formatClock(message.time);
  const size = formatBytes(message.size);
  const preview = previewOf(message);
  const kind = message.opcode === 1 ? t('text') : t('binary');
  const marks = `${message.truncated ? ` (${t('truncated')})` : ''}${message.discarded ? ` (${t('discarded')})` : ''}`;
  return (
    <div
      class={`row msg dir-${message.dir}${selected ? ' selected' : ''}${message.discarded ? ' discarded' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={`${t(direction)} ${time} ${message.size} B ${kind}${marks}: ${preview}`}
      data-dir={message.dir}
      data-seq={message.seq}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(message)}
    >
      <div role="gridcell" class="cell col-dir" data-col="dir" title={t(direction)}>
        {message.dir === 'send' ? '↑' : '↓'}
      </div>
      <div role="gridcell" class="cell col-time" data-col="time">
        {time}
      </div>
      <div role="gridcell" class="cell col-rel" data-col="rel">
        {start !== undefined ? formatRelative(message.time - start) : ''}
      </div>
      <div role="gridcell" class="cell col-size num" data-col="size" data-bytes={message.size}>
        {size}
      </div>
      <div role="gridcell" class="cell col-type" data-col="type">
        {kind}
        {marks}
      </div>
      <div role="gridcell" class="cell col-preview" data-col="preview">
        {preview}
      </div>
    </div>
  );
}
