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
  connectionsFraction: number;
  messagesFraction: number;
  showChart: boolean;
  toggles: Toggles;
}

export const DEFAULT_UI_PREFS: UiPrefs = {
  connectionsFraction: 0.3,
  messagesFraction: 0.6,
  showChart: true,
  toggles: { showSend: true, showReceive: true, showText: true, showBinary: true, showControl: true, hideHeartbeats: false },
};
