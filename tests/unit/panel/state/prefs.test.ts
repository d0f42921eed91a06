import { describe, expect, it } from 'vitest';
import { DEFAULT_UI_PREFS, parseUiPrefs, UI_PREFS_VERSION } from '../../../../src/panel/state/prefs';

describe('parseUiPrefs', () => {
  it('gives the defaults for nothing or garbage', () => {
    expect(parseUiPrefs(undefined)).toEqual(DEFAULT_UI_PREFS);
    expect(parseUiPrefs('x')).toEqual(DEFAULT_UI_PREFS);
    expect(parseUiPrefs({ connectionsFraction: 7, toggles: [], hiddenColumns: 'time' })).toEqual(DEFAULT_UI_PREFS);
  });

  it('keeps what the user chose: splits, toggles, hidden columns, the chart', () => {
    const stored = { version: UI_PREFS_VERSION, connectionsFraction: 0.2, messagesFraction: 0.7, showChart: false, hiddenColumns: ['rel', 3], toggles: { showBinary: false } };
    expect(parseUiPrefs(stored)).toEqual({
      version: UI_PREFS_VERSION,
      connectionsFraction: 0.2,
      messagesFraction: 0.7,
      showChart: false,
      hiddenColumns: ['rel'],
      toggles: { ...DEFAULT_UI_PREFS.toggles, showBinary: false },
    });
  });

  it('drops a showChart saved before version 2 (the old default, written unasked)', () => {
    expect(parseUiPrefs({ showChart: true, connectionsFraction: 0.4 }).showChart).toBeUndefined();
    expect(parseUiPrefs({ version: UI_PREFS_VERSION, showChart: true }).showChart).toBe(true);
  });
});
