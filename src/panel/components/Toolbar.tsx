/** The filter bar: Pause/Resume, Clear, Filter, counts. Names follow design.md contract 4. */
import { t } from '../i18n';

export interface ToolbarProps {
  paused: boolean;
  filter: string;
  shown: number;
  total: number;
  dropped: number;
  onPause(paused: boolean): void;
  onClear(): void;
  onFilter(text: string): void;
}

export function Toolbar(props: ToolbarProps) {
  return (
    <div class="toolbar" role="toolbar" aria-label={t('toolbar')}>
      <button
        type="button"
        class={props.paused ? 'tool resume' : 'tool pause'}
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
        class="filter"
        type="search"
        aria-label={t('filter')}
        placeholder={t('filterPlaceholder')}
        value={props.filter}
        onInput={(e) => props.onFilter((e.target as HTMLInputElement).value)}
      />
      <span class="counts" aria-live="polite">
        {t('shownOfTotal', [String(props.shown), String(props.total)])}
        {props.dropped > 0 ? ` · ${t('droppedByLimit', [String(props.dropped)])}` : ''}
      </span>
    </div>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}
