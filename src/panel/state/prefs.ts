/**
 * Per-profile UI preferences (split positions, the chart, the row toggles). The panel reads and
 * changes them; the hosting page keeps them (extension/panel/mount-panel.tsx: localStorage).
 */

/** Which rows the message list shows, by direction and type. */
export interface Toggles {
  showSend: boolean;
  showReceive: boolean;
  showText: boolean;
  showBinary: boolean;
  showControl: boolean;
  /** Hide the protocols' keep-alives (pings, pongs, heart-beats), as the decoders know them. */
  hideHeartbeats: boolean;
}

export interface UiPrefs {
  /** 2 since the chart's default depends on the room: earlier files saved `showChart: true` unasked. */
  version?: number;
  connectionsFraction: number;
  messagesFraction: number;
  /** The chart above the messages; undefined until the user chooses (then it shows only where there is room). */
  showChart?: boolean;
  toggles: Toggles;
  /** Optional message-list columns the user hid (messages/columns.ts: OptionalColumn). */
  hiddenColumns: string[];
}

export const UI_PREFS_VERSION = 2;

export const DEFAULT_UI_PREFS: UiPrefs = {
  version: UI_PREFS_VERSION,
  connectionsFraction: 0.3,
  messagesFraction: 0.6,
  showChart: undefined,
  hiddenColumns: [],
  toggles: { showSend: true, showReceive: true, showText: true, showBinary: true, showControl: true, hideHeartbeats: false },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Stored preferences (whatever an older or damaged store holds) as UiPrefs: unknown or mistyped
 * fields fall back to the defaults. A `showChart` saved before version 2 was the old default
 * written along with any other change, not a choice, so it is dropped: the chart then shows
 * only where there is room (layout/panel-layout.ts).
 */
export function parseUiPrefs(stored: unknown): UiPrefs {
  if (!isRecord(stored)) return DEFAULT_UI_PREFS;
  const fraction = (value: unknown, fallback: number) => (typeof value === 'number' && value > 0 && value < 1 ? value : fallback);
  const toggles = isRecord(stored.toggles) ? stored.toggles : {};
  const current = stored.version === UI_PREFS_VERSION;
  return {
    version: UI_PREFS_VERSION,
    connectionsFraction: fraction(stored.connectionsFraction, DEFAULT_UI_PREFS.connectionsFraction),
    messagesFraction: fraction(stored.messagesFraction, DEFAULT_UI_PREFS.messagesFraction),
    showChart: current && typeof stored.showChart === 'boolean' ? stored.showChart : undefined,
    hiddenColumns: Array.isArray(stored.hiddenColumns) ? stored.hiddenColumns.filter((c): c is string => typeof c === 'string') : [],
    toggles: Object.fromEntries(
      Object.entries(DEFAULT_UI_PREFS.toggles).map(([key, fallback]) => [key, typeof toggles[key] === 'boolean' ? toggles[key] : fallback]),
    ) as unknown as Toggles,
  };
}
