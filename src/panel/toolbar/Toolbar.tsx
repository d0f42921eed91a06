/**
 * The filter bar, DevTools style: record (Pause/Resume), Clear, the Filter box (query language,
 * errors shown in place) always shown; Preserve log, direction and type toggles, the host's items
 * (Export HAR, Import, ...), counts and settings shown while they fit, else in the "More" menu
 * (use-overflow.ts measures). Button names ("Clear", "Pause"/"Resume", the "Filter" box...) are
 * fixed: screen readers and tests find the controls by them, in the bar or in the menu.
 */
import type { ComponentChildren, Ref, VNode } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { CountAnnouncer } from './CountAnnouncer';
import { onRovingKeyDown, settleRovingStop, useRovingStop } from '../common/roving';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';
import type { Toggles } from '../state/prefs';
import type { FilterState } from '../state/use-filter';
import { useOverflow } from './use-overflow';
import { OverflowMenu } from './OverflowMenu';
import { ToolButton } from './ToolButton';

/** An item that may move into the "More" menu; `render(true)` is its menu form. Higher priority stays in the bar longer. */
export interface ToolbarItem {
  key: string;
  priority: number;
  render(inMenu: boolean): VNode | null;
}

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
  /** The host's items (Export HAR, Import, ...), in display order. */
  items?: ToolbarItem[];
  /** Extra buttons, always in the bar. */
  children?: ComponentChildren;
}

export function Toolbar(props: ToolbarProps) {
  const { filter } = props;
  // One Tab stop for the buttons (arrows move between them); the Filter box is its own stop.
  const bar = useRef<HTMLDivElement>(null);
  useRovingStop(bar);
  const [menuOpen, setMenuOpen] = useState(false);
  const chip = (inMenu: boolean, key: keyof Toggles, label: string) => (
    <ToolButton key={key} inMenu={inMenu} label={label} pressed={props.toggles[key]} onClick={() => props.onToggles({ ...props.toggles, [key]: !props.toggles[key] })} />
  );
  const chips = (inMenu: boolean, name: string, members: [keyof Toggles, string][]) => (
    <span class={inMenu ? 'menu-group' : 'group'} role="group" aria-label={name}>
      {members.map(([key, label]) => (inMenu ? chip(true, key, label) : <Chip key={key} on={props.toggles[key]} label={label} onClick={() => props.onToggles({ ...props.toggles, [key]: !props.toggles[key] })} />))}
    </span>
  );
  const counts = `${props.pending ? `${t('filtering')} ` : ''}${t('shownOfTotal', [String(props.shown), String(props.total)])}${props.dropped > 0 ? ` · ${t('droppedByLimit', [String(props.dropped)])}` : ''}`;

  const items: ToolbarItem[] = [
    {
      key: 'preserveLog',
      priority: 6,
      render: (inMenu) =>
        inMenu ? (
          <ToolButton inMenu label={t('preserveLog')} title={t('preserveLogTitle')} pressed={props.preserveLog} onClick={() => props.onPreserveLog(!props.preserveLog)} />
        ) : (
          <label class="check" title={t('preserveLogTitle')}>
            <input type="checkbox" checked={props.preserveLog} onChange={(e) => props.onPreserveLog((e.target as HTMLInputElement).checked)} />
            {t('preserveLog')}
          </label>
        ),
    },
    {
      key: 'direction',
      priority: 9,
      render: (inMenu) =>
        chips(inMenu, t('directionToggles'), [
          ['showSend', `↑ ${t('sent')}`],
          ['showReceive', `↓ ${t('received')}`],
        ]),
    },
    {
      key: 'types',
      priority: 8,
      render: (inMenu) =>
        chips(inMenu, t('typeToggles'), [
          ['showText', t('text')],
          ['showBinary', t('binary')],
          ['showControl', t('control')],
          ['hideHeartbeats', t('hideHeartbeats')],
        ]),
    },
    ...(props.items ?? []),
    {
      key: 'counts',
      priority: 1,
      // Announced (throttled) by CountAnnouncer, not by this text.
      render: (inMenu) =>
        inMenu ? (
          // Still `.counts` in the menu: one element to read the counts from wherever they are.
          <span role="menuitem" aria-disabled="true" class="menu-text counts">
            {counts}
          </span>
        ) : (
          <span class="counts">{counts}</span>
        ),
    },
    {
      key: 'settings',
      priority: 2,
      render: (inMenu) =>
        inMenu ? (
          <ToolButton inMenu label={t('settings')} ariaLabel={t('settings')} onClick={props.onSettings} />
        ) : (
          <button type="button" class="tool" aria-label={t('settings')} title={t('settings')} onClick={props.onSettings}>
            <Icon d="M7 1h2l.4 2 1.5.7 1.7-1.2 1.4 1.4-1.2 1.7.7 1.5 2 .4v2l-2 .4-.7 1.5 1.2 1.7-1.4 1.4-1.7-1.2-1.5.7L9 15H7l-.4-2-1.5-.7-1.7 1.2-1.4-1.4 1.2-1.7L2.5 9 1 8.6V7.4l2-.4.7-1.5-1.2-1.7 1.4-1.4 1.7 1.2L7.6 3zM8 5.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5z" />
          </button>
        ),
    },
  ];
  const overflow = useOverflow(bar, items);
  const inBar = items.filter((item) => !overflow.has(item.key));
  const inMenu = items.filter((item) => overflow.has(item.key));

  return (
    <div ref={bar} class="toolbar" role="toolbar" aria-label={t('toolbar')} onKeyDown={onRovingKeyDown} onFocusIn={() => settleRovingStop(bar.current)}>
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
      <span class="separator" />
      <input
        class={`filter${filter.error ? ' invalid' : ''}`}
        type="search"
        ref={props.filterRef}
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
      {inBar.map((item) => (
        <span key={item.key} class={`tool-item item-${item.key}`} data-item={item.key}>
          {item.render(false)}
        </span>
      ))}
      {props.children}
      <CountAnnouncer text={counts} />
      {inMenu.length > 0 && (
        <OverflowMenu open={menuOpen} onOpen={setMenuOpen}>
          {inMenu.map((item) => (
            <div key={item.key} role="none" class="menu-entry" data-item-menu={item.key}>
              {item.render(true)}
            </div>
          ))}
        </OverflowMenu>
      )}
    </div>
  );
}

function Chip({ on, label, onClick }: { on: boolean; label: string; onClick(): void }) {
  return (
    <button type="button" class={`toggle${on ? ' on' : ''}`} aria-pressed={on} onClick={onClick}>
      {label}
    </button>
  );
}

export function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}
