/**
 * The panel's parts that load on first use, each in a chunk of its own (issue 13: the initial
 * bundle at most 250 KB). What panel.html loads before its first render is the message log and
 * what a user sees at once; Settings, Export (the HAR and NDJSON writers), Serve from log (the
 * serve engine and its Playwright export), Intercept (the rule editor and validator) and New
 * connection come when opened. The chart (LazyTimelineChart.tsx) and the decoders
 * (decoding/lazy-decoding.ts) load the same way.
 */
import { lazyComponent } from './common/lazy-component';
import type { SettingsDialogProps } from './settings/SettingsDialog';
import type { ExportDialogProps } from './logs/ExportDialog';
import type { ServeDialogProps } from './serve/ServeDialog';
import type { InterceptPanelProps } from './intercept/InterceptPanel';
import type { OpenConnectionProps } from './connections/OpenConnection';

export const LazySettingsDialog = lazyComponent<SettingsDialogProps>(() => import('./settings/SettingsDialog').then((m) => m.SettingsDialog));
export const LazyExportDialog = lazyComponent<ExportDialogProps>(() => import('./logs/ExportDialog').then((m) => m.ExportDialog));
export const LazyServeDialog = lazyComponent<ServeDialogProps>(() => import('./serve/ServeDialog').then((m) => m.ServeDialog));
export const LazyInterceptPanel = lazyComponent<InterceptPanelProps>(() => import('./intercept/InterceptPanel').then((m) => m.InterceptPanel));
export const LazyOpenConnection = lazyComponent<OpenConnectionProps>(() => import('./connections/OpenConnection').then((m) => m.OpenConnection));

/** The serve engine, for the dialog's Serve and Export buttons. */
export const loadServeScripts = () => import('./state/serve-scripts');
