/**
 * The filter bar, DevTools style: record (Pause/Resume), Clear, Preserve log, the Filter box
 * (query language, errors shown in place), direction and type toggles, counts and settings.
 * Button names ("Clear", "Pause"/"Resume", the "Filter" box...) are fixed: screen readers and
 * tests find the controls by them.
 */
import type { ComponentChildren, Ref } from 'preact';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';
import type { Toggles } from '../state/prefs';
import type { FilterState } from '../state/use-filter';
import { CountAnnouncer } from './CountAnnouncer';
import { onRovingKeyDown, settleRovingStop } from '../common/roving';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface ToolbarProps {
  paused: boolean;
  preserveLog: boolean;
  filter: Pick<FilterState, 'text' | 'setText' | 'error' | 'title'>;
  toggles: Toggles;
  shown: number;
  total: number;
  dropped: number;
  pending: boolean;
  onPause(paused: boolean): void;
  onClear(): void;
  onPreserveLog(preserve: boolean): void;
  onToggles(toggles: Toggles): void;
  onSettings(): void;
  /** Set to the Filter box (shortcuts and DevTools' search bar focus and fill it). */
  filterRef?: Ref<HTMLInputElement>;
  /** Extra buttons (Export HAR, Import, ...). */
  children?: ComponentChildren;
}

export function Toolbar(props: ToolbarProps) {
  const { filter } = props;
  // One Tab stop for the buttons (arrows move between them); the Filter box is its own stop.
  const bar = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => settleRovingStop(bar.current));
  const counts = `${props.pending ? `${t('filtering')} ` : ''}${t('shownOfTotal', [String(props.shown), String(props.total)])}${
    props.dropped > 0 ? ` · ${t('droppedByLimit', [String(props.dropped)])}` : ''
  }`;
  const toggle = (key: keyof Toggles, label: string) => (
    <button
      type="button"
      class={`toggle${props.toggles[key] ? ' on' : ''}`}
      aria-pressed={props.toggles[key]}
      onClick={() => props.onToggles({ ...props.toggles, [key]: !props.toggles[key] })}
    >
      {label}
    </button>
  );
  return (
    <div class="toolbar" role="toolbar" aria-label={t('toolbar')} ref={bar} onKeyDown={onRovingKeyDown} onFocusIn={() => settleRovingStop(bar.current)}>
      <button
        type="button"
        class={props.paused ? 'tool resume' : 'tool pause recording'}
        aria-label={props.paused ? t('resume') : t('pause')}
        title={props.paused ? t('resumeTitle') : t('pauseTitle')}
        onClick={() => props.onPause(!props.paused)}
      >
        {props.paused ? <Icon d="M4 2l10 6-10 6z" /> : <Icon d="M3 2h4v12H3zM9 2h4v12H9z" />}
      </button>
      <button type="button" class="tool" aria-label={t('clear')} title={t('clearTitle')} onClick={props.onClear}>
        <Icon d="M8 1a7 7 0 100 14A7 7 0 008 1zm0 2a5 5 0 013.9 8.1L4.9 4.1A5 5 0 018 3zM3.5 5.5l7 7A5 5 0 013.5 5.5z" />
      </button>
      <label class="check" title={t('preserveLogTitle')}>
        <input type="checkbox" checked={props.preserveLog} onChange={(e) => props.onPreserveLog((e.target as HTMLInputElement).checked)} />
        {t('preserveLog')}
      </label>
      <span class="separator" />
      <input
        ref={props.filterRef}
        class={`filter${filter.error ? ' invalid' : ''}`}
        type="search"
        aria-label={t('filter')}
        aria-invalid={filter.error ? true : undefined}
        aria-describedby={filter.error ? 'filter-error' : undefined}
        placeholder={t('filterPlaceholder')}
        title={clipForDisplay(filter.error ? filter.error.message : filter.title)}
        value={filter.text}
        onInput={(e) => filter.setText((e.target as HTMLInputElement).value)}
      />
      {filter.error && (
        <span id="filter-error" class="filter-error" role="status">
          {clipForDisplay(filter.error.message)}
        </span>
      )}
      <span class="group" role="group" aria-label={t('directionToggles')}>
        {toggle('showSend', `↑ ${t('sent')}`)}
        {toggle('showReceive', `↓ ${t('received')}`)}
      </span>
      <span class="group" role="group" aria-label={t('typeToggles')}>
        {toggle('showText', t('text'))}
        {toggle('showBinary', t('binary'))}
        {toggle('showControl', t('control'))}
        {toggle('hideHeartbeats', t('hideHeartbeats'))}
      </span>
      {props.children}
      <span class="counts">{counts}</span>
      <CountAnnouncer text={counts} />
      <button type="button" class="tool" aria-label={t('settings')} title={t('settings')} onClick={props.onSettings}>
        <Icon d="M7 1h2l.4 2 1.5.7 1.7-1.2 1.4 1.4-1.2 1.7.7 1.5 2 .4v2l-2 .4-.7 1.5 1.2 1.7-1.4 1.4-1.7-1.2-1.5.7L9 15H7l-.4-2-1.5-.7-1.7 1.2-1.4-1.4 1.2-1.7L2.5 9 1 8.6V7.4l2-.4.7-1.5-1.2-1.7 1.4-1.4 1.7 1.2L7.6 3zM8 5.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5z" />
      </button>
    </div>
  );
}

export function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}
