/**
 * The panel: toolbar, connections, timeline chart, messages and details. The same component runs
 * in DevTools, in a tab and in the offline viewer; everything environment-specific (transport,
 * storage, clipboard) comes in through props.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MessageRecord } from '../protocol/records';
import type { Settings } from '../protocol/settings';
import { parseQuery } from '../query/parse';
import { compileQuery } from '../query/compile';
import { describeQuery } from '../query/describe';
import { isControlEvent, type DecodedFields, type FilterRow } from '../query/types';
import type { PanelStore } from './state/store';
import { useMessageView, useStoreState } from './state/use-store';
import { ALL_ROWS, type ViewCriteria } from './state/message-view';
import { timelineSeries } from './chart/timeline-series';
import { t } from './common/i18n';
import { Toolbar, type Toggles } from './toolbar/Toolbar';
import { ConnectionList } from './connections/ConnectionList';
import { MessageList } from './messages/MessageList';
import { MessageDetails, type DecodedView } from './details/MessageDetails';
import { ConnectionDetails } from './connections/ConnectionDetails';
import { TimelineChart } from './chart/TimelineChart';
import { SettingsDialog } from './settings/SettingsDialog';
import { SplitPane } from './common/SplitPane';
import { ExportDialog } from './logs/ExportDialog';
import { ImportControl, type ImportParser } from './logs/ImportControl';
import { createDecoding } from './decoding/decoding';
import { Composer, type SendCommand } from './composer/Composer';
import { ReplayBar } from './replay/ReplayBar';
import { replayCommand } from './replay/replay-plan';
import { editorTextOf } from '../intercept/composer';
import { InterceptPanel } from './intercept/InterceptPanel';
import type { InterceptConfig } from '../protocol/intercept';
import type { CommandOutcome, HoldAction } from '../protocol/messages';
import type { SnippetStore } from '../intercept/snippets';
import { OpenConnection } from './connections/OpenConnection';
import type { Rule } from '../protocol/rules';

/** Per-profile UI preferences (split positions, toggles), kept by the caller. */
export interface UiPrefs {
  connectionsFraction: number;
  messagesFraction: number;
  showChart: boolean;
  toggles: Toggles;
}

export const DEFAULT_UI_PREFS: UiPrefs = {
  connectionsFraction: 0.3,
  messagesFraction: 0.6,
  showChart: true,
  toggles: { showSend: true, showReceive: true, showText: true, showBinary: true, showControl: true },
};

/** What protocol decoders offer the panel (issue: sub-protocol decoders). */
export interface DecoderSupport {
  summaryOf(rowId: number, message: MessageRecord): string | undefined;
  decodedOf(rowId: number, message: MessageRecord): DecodedView | undefined;
  fieldsOf(message: MessageRecord): DecodedFields | undefined;
  /** Decoder choices for a connection, for the override menu. */
  choicesFor?(connId: string): { id: string; label: string; active: boolean }[];
  choose?(connId: string, decoderId: string): void;
}

export interface AppProps {
  store: PanelStore;
  settings: Settings;
  onSettings(settings: Settings): void;
  prefs: UiPrefs;
  onPrefs(prefs: UiPrefs): void;
  onCopy(text: string): void;
  /** Called on Clear, after the store is cleared (the live panel also clears the pages' histories). */
  onClear?(): void;
  /** Shown above the lists (e.g. the viewer's "no tab attached"). */
  notice?: string;
  /** More toolbar buttons. */
  toolbarExtra?: ComponentChildren;
  /** Saves an exported file (downloads API in the extension). Without it there is no Export. */
  onDownload?(blob: Blob, fileName: string): Promise<void> | void;
  /** Reads and parses an imported file (the extension's does it in a worker). */
  parseImport?: ImportParser;
  /** Extension version, written into exported files. */
  version?: string;
  /** Acts on a page socket (send / deliver). Without it (viewer) there is no composer or replay. */
  onCommand?: SendCommand;
  /** Sends rules and breakpoints to the inspected tab. Without it there is no Intercept. */
  onIntercept?(config: InterceptConfig): void;
  onHoldAction?(action: HoldAction): void;
  /** Snippets saved per origin. */
  snippetsFor?(origin: string): SnippetStore;
  /** Opens a new WebSocket from the inspected page (its origin and cookies). */
  onOpenConnection?(url: string, protocols: string[]): Promise<CommandOutcome>;
  /** Rules saved per origin. */
  rulesStore?: { load(origin: string): Promise<Rule[]>; save(origin: string, rules: Rule[]): Promise<void> };
  decoders?: DecoderSupport;
  /** Extra panes under the details (composer). */
  detailsExtra?(selection: { connectionIds: string[]; message?: MessageRecord }): ComponentChildren;
}

export function App(props: AppProps) {
  const { store, prefs } = props;
  const state = useStoreState(store);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectedRow, setSelectedRow] = useState<number | undefined>();
  const [filter, setFilter] = useState('');
  const [range, setRange] = useState<readonly [number, number] | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [info, setInfo] = useState<string | undefined>();
  const [picked, setPicked] = useState<number[]>([]);
  const [interceptOpen, setInterceptOpen] = useState(false);
  const [interceptConfig, setInterceptConfig] = useState<InterceptConfig>({ rules: [], breakpoints: [] });
  const origin = useMemo(() => {
    try {
      return state.topUrl ? new URL(state.topUrl).origin : undefined;
    } catch {
      return undefined;
    }
  }, [state.topUrl]);
  // Rules are kept per origin: load them when the inspected origin becomes known or changes.
  useEffect(() => {
    if (!origin || !props.rulesStore) return;
    void props.rulesStore.load(origin).then((rules) => {
      setInterceptConfig((current) => {
        const next = { ...current, rules };
        props.onIntercept?.(next);
        return next;
      });
    });
  }, [origin]);
  const snippets = useMemo(() => (origin && props.snippetsFor ? props.snippetsFor(origin) : undefined), [origin, props.snippetsFor]);
  const [openDialog, setOpenDialog] = useState(false);
  function changeIntercept(next: InterceptConfig): void {
    setInterceptConfig(next);
    props.onIntercept?.(next);
    if (origin) void props.rulesStore?.save(origin, next.rules);
  }
  const [composerPreset, setComposerPreset] = useState<{ mode: 'text' | 'hex' | 'base64'; text: string; nonce: number } | undefined>();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => store.setPreserveLog(props.settings.preserveLog), [props.settings.preserveLog]);
  useEffect(() => store.setMaxMessages(props.settings.panelMaxMessages), [props.settings.panelMaxMessages]);

  // Sub-protocol decoding (built in unless the caller brings its own, e.g. a test).
  const [decodingVersion, setDecodingVersion] = useState(0);
  const decoders = useMemo(() => props.decoders ?? createDecoding(store, () => setDecodingVersion((n) => n + 1)), [store, props.decoders]);
  const parsed = useMemo(() => (filter.trim() ? parseQuery(filter) : undefined), [filter]);
  const predicate = useMemo(() => {
    if (!parsed?.ok) return null;
    return compileQuery(parsed.query, {
      connectionOf: store.connection,
      connectionIndexOf: (id) => {
        const index = store.connectionIndexOf(id);
        return index === undefined ? undefined : index + 1;
      },
      decodedFieldsOf: (m) => decoders.fieldsOf(m),
    });
  }, [parsed, decoders, decodingVersion]);

  const connIndexes = useMemo(() => {
    if (selected.size === 0) return null;
    const set = new Set<number>();
    for (const id of selected) {
      const index = store.connectionIndexOf(id);
      if (index !== undefined) set.add(index);
    }
    return set;
  }, [selected, state.connections]);

  const criteria = useMemo<ViewCriteria>(
    () => ({ ...ALL_ROWS, ...prefs.toggles, connections: connIndexes, range, query: predicate }),
    [prefs.toggles, connIndexes, range, predicate],
  );
  const { view, pending } = useMessageView(store, criteria);

  // The chart is recomputed at most every half second: it scans the whole table.
  const [chartTick, setChartTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setChartTick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, []);
  const series = useMemo(() => timelineSeries(store.table, connIndexes), [chartTick, connIndexes, store.table.endId === 0]);

  const selectedFilterRow: FilterRow | undefined = selectedRow !== undefined && store.table.has(selectedRow) ? store.rowAt(selectedRow) : undefined;
  const selectedMessage = selectedFilterRow && !isControlEvent(selectedFilterRow) ? selectedFilterRow : undefined;
  const singleConnection = selected.size === 1 ? store.connection([...selected][0]) : undefined;
  // Rows name their connection when several are shown together.
  const merged = selected.size > 1 || (selected.size === 0 && state.connections.length > 1);

  const live = (connId: string) => props.onCommand !== undefined && store.connection(connId)?.source !== 'imported';

  function pick(id: number, mode: 'toggle' | 'range'): void {
    const base = picked.length ? picked : selectedRow !== undefined ? [selectedRow] : [];
    if (mode === 'toggle') {
      setPicked(base.includes(id) ? base.filter((x) => x !== id) : [...base, id].sort((a, b) => a - b));
      return;
    }
    const anchor = view.indexOfId(base[0] ?? id);
    const target = view.indexOfId(id);
    const [lo, hi] = anchor < target ? [anchor, target] : [target, anchor];
    const ids: number[] = [];
    for (let i = lo; i <= hi; i++) ids.push(view.idAt(i));
    setPicked(ids);
  }

  function openRow(id: number): void {
    setSelectedRow(id);
    (document.querySelector('.details [role="tabpanel"], .details') as HTMLElement | null)?.focus();
  }

  const details = selectedMessage ? (
    <MessageDetails
      message={selectedMessage}
      connection={store.connection(selectedMessage.connId)}
      decoded={decoders.decodedOf(selectedRow!, selectedMessage)}
      onCopy={props.onCopy}
      onJump={(id) => setSelectedRow(id)}
      onReplay={live(selectedMessage.connId) ? () => void props.onCommand!(replayCommand(selectedMessage)).then((o) => !o.ok && store.setProblem(o.error)) : undefined}
      onEdit={
        live(selectedMessage.connId)
          ? () => {
              const text = editorTextOf(selectedMessage);
              setSelected(new Set([selectedMessage.connId]));
              setComposerPreset({ mode: selectedMessage.opcode === 1 ? 'text' : 'hex', text: text.ok ? text.text : '', nonce: Date.now() });
            }
          : undefined
      }
    />
  ) : singleConnection ? (
    <ConnectionDetails connection={singleConnection} decoders={decoders.choicesFor?.(singleConnection.id)} onDecoder={(d) => decoders.choose?.(singleConnection.id, d)} />
  ) : (
    <MessageDetails onCopy={props.onCopy} />
  );

  return (
    <div class="app">
      <Toolbar
        paused={state.paused}
        preserveLog={state.preserveLog}
        filter={filter}
        filterError={parsed && !parsed.ok ? { message: parsed.error, at: parsed.at } : undefined}
        filterTitle={parsed?.ok ? describeQuery(parsed.query) : t('filterHelp')}
        toggles={prefs.toggles}
        shown={view.messageCount}
        total={store.table.messageCount}
        dropped={state.droppedByPages + state.droppedByPanel}
        pending={pending}
        onPause={(paused) => store.setPaused(paused)}
        onClear={() => {
          store.clear();
          setSelectedRow(undefined);
          props.onClear?.();
        }}
        onPreserveLog={(preserveLog) => props.onSettings({ ...props.settings, preserveLog })}
        onFilter={setFilter}
        onToggles={(toggles) => props.onPrefs({ ...prefs, toggles })}
        onSettings={() => setSettingsOpen(true)}
      >
        {props.onDownload && (
          <button type="button" class="tool text" aria-label={t('exportHar')} title={t('exportHarTitle')} onClick={() => setExportOpen(true)}>
            {t('exportHar')}
          </button>
        )}
        <ImportControl store={store} onImported={setInfo} parse={props.parseImport} />
        {props.onOpenConnection && (
          <button type="button" class="tool text" data-action="open-connection" title={t('openConnectionTitle')} onClick={() => setOpenDialog(true)}>
            {t('openConnection')}
          </button>
        )}
        {props.onIntercept && (
          <button
            type="button"
            class={`tool text${interceptOpen ? ' active' : ''}`}
            data-action="intercept"
            aria-pressed={interceptOpen}
            title={t('interceptTitle')}
            onClick={() => setInterceptOpen(!interceptOpen)}
          >
            {t('intercept')}
            {state.held.length ? ` (${state.held.length})` : ''}
          </button>
        )}
        {props.toolbarExtra}
      </Toolbar>
      {state.problem && (
        <div class="problem" role="alert">
          {state.problem}
        </div>
      )}
      {props.notice && <div class="notice">{props.notice}</div>}
      {info && (
        <div class="notice" role="status">
          {info}{' '}
          <button type="button" class="link" onClick={() => setInfo(undefined)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      <SplitPane
        direction="column"
        class="main-split"
        fraction={prefs.connectionsFraction}
        onFraction={(connectionsFraction) => props.onPrefs({ ...prefs, connectionsFraction })}
        first={
          <ConnectionList
            connections={state.connections}
            selected={selected}
            now={now}
            onSelect={(ids) => {
              setSelected(ids);
              setSelectedRow(undefined);
              setRange(null);
            }}
          />
        }
        second={
          <div class="lower">
            {prefs.showChart && <TimelineChart series={series} range={range} onRange={setRange} />}
            <SplitPane
              direction="row"
              class="detail-split"
              fraction={prefs.messagesFraction}
              onFraction={(messagesFraction) => props.onPrefs({ ...prefs, messagesFraction })}
              first={
                <MessageList
                  view={view}
                  rowAt={store.rowAt}
                  connectionOf={store.connection}
                  connectionLabel={merged ? (id) => `#${(store.connectionIndexOf(id) ?? 0) + 1}` : undefined}
                  summaryOf={decoders.summaryOf}
                  selectedId={selectedRow}
                  picked={new Set(picked)}
                  onSelect={(id) => {
                    setPicked([]);
                    setSelectedRow(id);
                  }}
                  onPick={pick}
                  onOpen={openRow}
                />
              }
              second={
                <div class="details-column">
                  {picked.length > 1 && props.onCommand && (
                    <ReplayBar
                      messages={picked.map((id) => store.rowAt(id)).filter((r): r is MessageRecord => !isControlEvent(r) && live(r.connId))}
                      onCommand={props.onCommand}
                      onDone={(problem) => store.setProblem(problem)}
                    />
                  )}
                  {interceptOpen && props.onHoldAction && (
                    <InterceptPanel
                      config={interceptConfig}
                      onConfig={changeIntercept}
                      held={state.held}
                      onHoldAction={props.onHoldAction}
                      connectionLabel={(id) => `#${(store.connectionIndexOf(id) ?? 0) + 1} ${store.connection(id)?.url ?? ''}`}
                    />
                  )}
                  {details}
                  {singleConnection && live(singleConnection.id) && <Composer connection={singleConnection} onCommand={props.onCommand!} preset={composerPreset} snippets={snippets} />}
                  {props.detailsExtra?.({ connectionIds: [...selected], message: selectedMessage })}
                </div>
              }
            />
          </div>
        }
      />
      <div class="status">{t('workersNotCaptured')}</div>
      {openDialog && props.onOpenConnection && <OpenConnection onOpen={props.onOpenConnection} onClose={() => setOpenDialog(false)} />}
      {exportOpen && props.onDownload && (
        <ExportDialog
          store={store}
          view={view}
          selectedConnectionIds={[...selected]}
          version={props.version ?? '0.0.0'}
          onDownload={props.onDownload}
          onClose={() => setExportOpen(false)}
        />
      )}
      {settingsOpen && <SettingsDialog settings={props.settings} onSave={props.onSettings} onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
