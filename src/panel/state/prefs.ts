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
}

export interface UiPrefs {
  connectionsFraction: number;
  messagesFraction: number;
  /** The chart above the messages; undefined until the user chooses (then it shows only where there is room). */
  showChart?: boolean;
  toggles: Toggles;
  /** Optional message-list columns the user hid (messages/columns.ts: OptionalColumn). */
  hiddenColumns: string[];
}

export const DEFAULT_UI_PREFS: UiPrefs = {
  connectionsFraction: 0.3,
  messagesFraction: 0.6,
  showChart: undefined,
  hiddenColumns: [],
  toggles: { showSend: true, showReceive: true, showText: true, showBinary: true, showControl: true },
};
