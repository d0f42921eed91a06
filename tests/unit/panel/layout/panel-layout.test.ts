import { describe, expect, it } from 'vitest';
import { panelLayout } from '../../../../src/panel/layout/panel-layout';

describe('panelLayout', () => {
  it('is the roomy layout in a tab or an undocked window', () => {
    expect(panelLayout(1280, 800, undefined)).toEqual({ stacked: false, connectionPicker: false, chart: true, chartFits: true, short: false });
  });

  it('stacks panes and uses the connections picker docked right (480 x 800)', () => {
    expect(panelLayout(480, 800, undefined)).toMatchObject({ stacked: true, connectionPicker: true, chart: true });
  });

  it('keeps the rows docked bottom (1200 x 220): picker, no chart unless asked for', () => {
    expect(panelLayout(1200, 220, undefined)).toEqual({ stacked: false, connectionPicker: true, chart: false, chartFits: false, short: true });
    expect(panelLayout(1200, 180, true).chart).toBe(true);
  });

  it('hides the chart by default in a narrow panel of ordinary height (320 x 600)', () => {
    expect(panelLayout(320, 600, undefined)).toMatchObject({ stacked: true, connectionPicker: true, chart: false });
  });

  it('follows the remembered chart choice', () => {
    expect(panelLayout(1280, 800, false).chart).toBe(false);
  });

  it('is the roomy layout until measured', () => {
    expect(panelLayout(0, 0, undefined)).toEqual({ stacked: false, connectionPicker: false, chart: true, chartFits: true, short: false });
  });
});
