/**
 * How the panel arranges itself for the room DevTools gives it (docked right from 320 px wide,
 * docked bottom from 180 px tall, undocked, a tab). Decided from the measured size, not from the
 * window, so a pop-out and an embedded panel behave alike. The message rows always keep most of
 * the height: the connections grid becomes a one-line picker and the chart hides when there is no
 * room for them.
 */

export interface PanelLayout {
  /** Messages above details instead of side by side. */
  stacked: boolean;
  /** The connections grid collapsed to a one-line picker. */
  connectionPicker: boolean;
  /** Whether the timeline chart is shown. */
  chart: boolean;
  /** Whether the chart has room; the default when the user has not chosen. */
  chartFits: boolean;
  /** Docked-bottom height: secondary blocks (message facts) go on one line. */
  short: boolean;
}

/** Narrower than this, messages and details stack. */
export const STACK_BELOW_WIDTH = 720;
/** Lower than this (or narrower than STACK_BELOW_WIDTH and lower than PICKER_BELOW_HEIGHT_NARROW), connections become a picker. */
export const PICKER_BELOW_HEIGHT = 420;
export const PICKER_BELOW_WIDTH = 560;
/** The chart (about 140 px) only shows by default with this much height. */
export const CHART_MIN_HEIGHT = 520;
/** Stacked, messages and details share the height: the chart needs more of it to fit. */
export const CHART_MIN_HEIGHT_STACKED = 700;
/** Lower than this, the details' facts share one line. */
export const SHORT_BELOW_HEIGHT = 300;

/**
 * @param width, height the panel's size in px; 0 while unknown (then the roomy layout).
 * @param showChart the user's choice, undefined while they have not chosen.
 */
export function panelLayout(width: number, height: number, showChart: boolean | undefined): PanelLayout {
  const known = width > 0 && height > 0;
  const stacked = known && width < STACK_BELOW_WIDTH;
  const connectionPicker = known && (height < PICKER_BELOW_HEIGHT || width < PICKER_BELOW_WIDTH);
  const chartFits = !known || height >= (stacked ? CHART_MIN_HEIGHT_STACKED : CHART_MIN_HEIGHT);
  const short = known && height < SHORT_BELOW_HEIGHT;
  return { stacked, connectionPicker, chart: showChart ?? chartFits, chartFits, short };
}
