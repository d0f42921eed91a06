/**
 * The panel's layout: toolbar, connections, timeline chart, messages and the details column.
 * The same component runs in DevTools, in a tab and in the offline viewer; everything
 * environment-specific comes in through props (`environment.ts` groups the services). What the
 * panel knows and decides lives in `state/` (selection, filter, intercept rules, preferences) and
 * `decoding/`; this file only wires them to the feature components.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MessageRecord } from '../protocol/records';
import type { Settings } from '../protocol/settings';
import type { PanelStore } from './state/store';
import { useMessageView, useStoreState } from './state/use-store';
import { ALL_ROWS, type ViewCriteria } from './state/message-view';
import type { UiPrefs } from './state/prefs';
import { useFilter } from './state/use-filter';
import { useSelection } from './state/use-selection';
import { useInterceptConfig } from './state/use-intercept-config';
import { useDecoding } from './state/use-decoding';
import { originOf } from './state/origin';
import type { DecoderSupport } from './decoding/types';
import type { HostSearch, LivePage, LogFiles } from './environment';
import { useShortcuts } from './common/use-shortcuts';
import { useHostSearch } from './common/use-host-search';
import { t } from './common/i18n';
import { clipForDisplay } from './common/clip';
import { Toolbar, type ToolbarItem } from './toolbar/Toolbar';
import { ToolButton } from './toolbar/ToolButton';
import { ConnectionList } from './connections/ConnectionList';
import { MessageList } from './messages/MessageList';
import { DetailsColumn } from './details/DetailsColumn';
import { LazyTimelineChart } from './chart/LazyTimelineChart';
import { BehindNotice } from './common/BehindNotice';
import { SplitPane } from './common/SplitPane';
import { ImportControl } from './logs/ImportControl';
import { ConnectionPicker } from './connections/ConnectionPicker';
import { useSize } from './common/use-size';
import { panelLayout } from './layout/panel-layout';
import { useServing } from './state/use-serving';
import { ServingBar } from './serve/ServingBar';
import { LazyExportDialog, LazyInterceptPanel, LazyOpenConnection, LazyServeDialog, LazySettingsDialog, loadServeScripts } from './lazy-parts';
import { useDeepCapture } from './toolbar/use-deep-capture';
import { DeepCaptureNote } from './toolbar/DeepCaptureNote';

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
  /** Export and import of log files. Without it there is no Export. */
  files?: LogFiles;
  /** The inspected tab, live. Without it (viewer) there is no composer, replay, intercept or "open connection". */
  page?: LivePage;
  /** Sub-protocol decoding; the built-in one unless given (e.g. a test). */
  decoders?: DecoderSupport;
  /** The host's search bar (DevTools' in Chromium), driving the Filter box. */
  search?: HostSearch;
  /** Extra panes under the details (composer). */
  detailsExtra?(selection: { connectionIds: string[]; message?: MessageRecord }): ComponentChildren;
}

type Dialog = 'settings' | 'export' | 'openConnection' | 'serve';

export function App(props: AppProps) {
  const { store, prefs, page, files } = props;
  const state = useStoreState(store);
  const origin = useMemo(() => originOf(state.topUrl), [state.topUrl]);
  const intercept = useInterceptConfig(origin, page);
  const deepCapture = useDeepCapture(page?.deepCapture, origin);
  const { decoders, version: decodingVersion } = useDecoding(store, props.decoders);
  const filter = useFilter(store, decoders, decodingVersion);
  const selection = useSelection(store, state.connections);
  const serving = useServing(store, page?.serving);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  /** The connection "Serve from log" was opened for (its details offer it). */
  const [serveFor, setServeFor] = useState<string | undefined>();
  const [interceptOpen, setInterceptOpen] = useState(false);
  const [info, setInfo] = useState<string | undefined>();
  const detailsFocus = useRef<HTMLElement>(null);
  const appRef = useRef<HTMLDivElement>(null);
  const size = useSize(appRef);
  const layout = panelLayout(size.width, size.height, prefs.showChart);
  const filterBox = useRef<HTMLInputElement>(null);
  const messageGrid = useRef<HTMLDivElement>(null);
  useShortcuts({ filter: filterBox, list: messageGrid, details: detailsFocus });
  useHostSearch(props.search, filter.setText);

  useEffect(() => store.setPreserveLog(props.settings.preserveLog), [props.settings.preserveLog]);
  useEffect(() => store.setMaxMessages(props.settings.panelMaxMessages), [props.settings.panelMaxMessages]);

  // Asked again when decoding results change on their own, as the filter's predicate is.
  const heartbeat = useMemo(() => (prefs.toggles.hideHeartbeats ? (m: MessageRecord) => decoders.isHeartbeat(m) : null), [prefs.toggles.hideHeartbeats, decoders, decodingVersion]);
  const criteria = useMemo<ViewCriteria>(
    () => ({ ...ALL_ROWS, ...prefs.toggles, connections: selection.connectionIndexes, range: selection.range, query: filter.predicate, heartbeat }),
    [prefs.toggles, selection.connectionIndexes, selection.range, filter.predicate, heartbeat],
  );
  const { view, pending } = useMessageView(store, criteria);
  // Rows name their connection when several are shown together.
  const merged = selection.connections.size > 1 || (selection.connections.size === 0 && state.connections.length > 1);
  const connectionNumber = (id: string) => `#${(store.connectionIndexOf(id) ?? 0) + 1}`;

  // Left to right in the bar; the lowest priority moves into the "More" menu first.
  const toolbarItems: ToolbarItem[] = [
    {
      key: 'chart',
      priority: 3,
      render: (inMenu) => (
        <ToolButton inMenu={inMenu} label={t('chartToggle')} title={t('chartToggleTitle')} action="chart" pressed={layout.chart} onClick={() => props.onPrefs({ ...prefs, showChart: !layout.chart })} />
      ),
    },
    ...(files
      ? [{ key: 'export', priority: 5, render: (inMenu: boolean) => <ToolButton inMenu={inMenu} label={t('exportHar')} ariaLabel={t('exportHar')} title={t('exportHarTitle')} onClick={() => setDialog('export')} /> }]
      : []),
    { key: 'import', priority: 4, render: (inMenu) => <ImportControl store={store} onImported={setInfo} parse={files?.parseImport} inMenu={inMenu} /> },
    ...(page
      ? [
          {
            key: 'openConnection',
            priority: 3.5,
            render: (inMenu: boolean) => <ToolButton inMenu={inMenu} label={t('openConnection')} title={t('openConnectionTitle')} action="open-connection" onClick={() => setDialog('openConnection')} />,
          },
          {
            key: 'intercept',
            priority: 7,
            render: (inMenu: boolean) => (
              <ToolButton
                inMenu={inMenu}
                label={`${t('intercept')}${state.held.length ? ` (${state.held.length})` : ''}`}
                title={t('interceptTitle')}
                action="intercept"
                pressed={interceptOpen}
                onClick={() => setInterceptOpen(!interceptOpen)}
              />
            ),
          },
        ]
      : []),
  ];

  const lowerPane = (
          <div class="lower">
            {layout.chart && <LazyTimelineChart table={store.table} connections={selection.connectionIndexes} range={selection.range} onRange={selection.setRange} />}
            <SplitPane
              direction={layout.stacked ? 'column' : 'row'}
              class="detail-split"
              fraction={prefs.messagesFraction}
              onFraction={(messagesFraction) => props.onPrefs({ ...prefs, messagesFraction })}
              first={
                <MessageList
                  view={view}
                  gridRef={messageGrid}
                  rowAt={store.rowAt}
                  connectionOf={store.connection}
                  connectionLabel={merged ? connectionNumber : undefined}
                  summaryOf={decoders.summaryOf}
                  selectedId={selection.row}
                  picked={new Set(selection.picked)}
                  onSelect={selection.selectRow}
                  onPick={(id, mode) => selection.pick(id, mode, view)}
                  hiddenColumns={prefs.hiddenColumns}
                  isUnmatched={(id, row) => serving.unmatched.isUnmatched(id, row.connId)}
                  onHiddenColumns={(hiddenColumns) => props.onPrefs({ ...prefs, hiddenColumns })}
                  onOpen={(id) => {
                    selection.showRow(id);
                    detailsFocus.current?.focus();
                  }}
                />
              }
              second={
                <DetailsColumn
                  store={store}
                  selection={selection}
                  decoders={decoders}
                  page={page}
                  origin={origin}
                  onCopy={props.onCopy}
                  focusRef={detailsFocus}
                  extra={props.detailsExtra}
                  onServe={
                    page?.serving || files
                      ? (id) => {
                          setServeFor(id);
                          setDialog('serve');
                        }
                      : undefined
                  }
                  top={
                    interceptOpen &&
                    page && (
                      <LazyInterceptPanel
                        config={intercept.config}
                        onConfig={intercept.change}
                        held={state.held}
                        onHoldAction={page.holdAction}
                        connectionLabel={(id) => `${connectionNumber(id)} ${clipForDisplay(store.connection(id)?.url ?? '')}`}
                      />
                    )
                  }
                />
              }
            />
          </div>
  );

  return (
    <div ref={appRef} class={`app${layout.stacked ? ' stacked' : ''}${layout.connectionPicker ? ' compact' : ''}${layout.short ? ' short' : ''}`}>
      <Toolbar
        paused={state.paused}
        preserveLog={state.preserveLog}
        filter={filter}
        toggles={prefs.toggles}
        shown={view.messageCount}
        total={store.table.messageCount}
        dropped={state.droppedByPages + state.droppedByPanel}
        pending={pending}
        onPause={(paused) => store.setPaused(paused)}
        onClear={() => {
          store.clear();
          selection.clearRow();
          props.onClear?.();
        }}
        onPreserveLog={(preserveLog) => props.onSettings({ ...props.settings, preserveLog })}
        onToggles={(toggles) => props.onPrefs({ ...prefs, toggles })}
        onSettings={() => setDialog('settings')}
        items={toolbarItems}
        filterRef={filterBox}
      >
        {props.toolbarExtra}
      </Toolbar>
      {state.problem && (
        <div class="problem" role="alert">
          {clipForDisplay(state.problem)}
        </div>
      )}
      {props.notice && <div class="notice">{props.notice}</div>}
      <ServingBar scripts={serving.scripts} onStop={serving.stop} />
      {page?.deepCapture && <DeepCaptureNote state={deepCapture.state} />}
      {info && (
        <div class="notice" role="status">
          {clipForDisplay(info)}{' '}
          <button type="button" class="link" onClick={() => setInfo(undefined)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {layout.connectionPicker ? (
        <div class="main-split">
          <ConnectionPicker connections={state.connections} selected={selection.connections} numberOf={connectionNumber} onSelect={selection.selectConnections} />
          {lowerPane}
        </div>
      ) : (
        <SplitPane
          direction="column"
          class="main-split"
          fraction={prefs.connectionsFraction}
          onFraction={(connectionsFraction) => props.onPrefs({ ...prefs, connectionsFraction })}
          first={<ConnectionList connections={state.connections} selected={selection.connections} onSelect={selection.selectConnections} />}
          second={lowerPane}
        />
      )}
      <BehindNotice behindMs={state.behindMs} />
      <div class="status" title={t('workersNotCaptured')}>
        {t('workersNotCaptured')}
      </div>
      {dialog === 'openConnection' && page && <LazyOpenConnection onOpen={page.openConnection} onClose={() => setDialog(undefined)} />}
      {dialog === 'export' && files && (
        <LazyExportDialog
          store={store}
          view={view}
          selectedConnectionIds={[...selection.connections]}
          version={files.version ?? '0.0.0'}
          onDownload={files.download}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'serve' && (
        <LazyServeDialog
          connections={state.connections}
          initialId={serveFor}
          numberOf={connectionNumber}
          onServe={
            page?.serving
              ? async (id, choices, reload) => {
                  const script = await (await loadServeScripts()).buildServeScript(store, id, choices);
                  if (script) serving.serve(script, reload);
                }
              : undefined
          }
          onExport={async (id, choices) => {
            const file = await (await loadServeScripts()).buildPlaywrightExport(store, id, choices);
            if (file && files) await files.download(new Blob([file.text], { type: 'text/plain' }), file.fileName);
          }}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'settings' && (
        <LazySettingsDialog settings={props.settings} onSave={props.onSettings} onClose={() => setDialog(undefined)}>
          {page?.deepCapture && (
            // Chrome only, per site and at once (not with Save): a toolbar item would push the
            // counts out of the bar at 1280 px, and it is turned on once per site, not per session.
            <label class="check deep-capture" title={t('deepCaptureReason')}>
              <input
                type="checkbox"
                data-action="deep-capture"
                checked={deepCapture.state?.on ?? false}
                disabled={deepCapture.busy || deepCapture.state === undefined}
                aria-describedby={deepCapture.state?.on ? 'deep-capture-reason' : 'deep-capture-hint'}
                onChange={(e) => deepCapture.toggle((e.target as HTMLInputElement).checked)}
              />
              <span>{t('deepCaptureLabel')}</span>
            </label>
          )}
          {page?.deepCapture && (
            <p class="hint" id="deep-capture-hint">
              {t('deepCaptureReason')}
            </p>
          )}
        </LazySettingsDialog>
      )}
    </div>
  );
}
