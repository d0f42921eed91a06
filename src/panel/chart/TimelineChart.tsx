/**
 * Messages/s and bytes/s per direction over time (uPlot, built for streaming data). Dragging
 * across the chart selects a time range, which filters the message list; a click clears it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MessageTable } from '../state/message-table';
import { useTimelineSeries } from './use-timeline-series';
import { t } from '../common/i18n';
import { createLocaleDateTemplate } from './time-axis';

export interface TimelineChartProps {
  table: MessageTable;
  /** Table indexes of the connections to chart; null for all. */
  connections: ReadonlySet<number> | null;
  range: readonly [number, number] | null;
  onRange(range: [number, number] | null): void;
}

export function TimelineChart({ table, connections, range, onRange }: TimelineChartProps) {
  const series = useTimelineSeries(table, connections);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot>();
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  // The canvas is drawn with the theme's colours of the moment: redraw when DevTools' theme
  // changes (the page setup toggles the root's theme class).
  const [theme, setTheme] = useState(() => document.documentElement.className);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.className));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = container.current!;
    // uPlot draws on a canvas, which cannot resolve CSS variables: read the theme's colours now.
    const dim = getComputedStyle(el).getPropertyValue('--fg-dim').trim() || '#6e6e6e';
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 110,
      legend: { show: true, live: false },
      // Axis and legend dates in the UI's language (the page's lang is the extension UI's).
      fmtDate: createLocaleDateTemplate(document.documentElement.lang || undefined),
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: { x: { time: true }, msgs: { auto: true }, bytes: { auto: true } },
      axes: [
        { stroke: dim, grid: { stroke: 'rgba(128,128,128,0.15)' } },
        { scale: 'msgs', stroke: dim, label: t('perSecondMessages'), size: 50 },
        { scale: 'bytes', side: 1, stroke: dim, label: t('perSecondBytes'), size: 60, grid: { show: false } },
      ],
      series: [
        { label: t('col_time') },
        { label: t('chartSentMessages'), scale: 'msgs', stroke: '#0b8043', width: 1.5 },
        { label: t('chartReceivedMessages'), scale: 'msgs', stroke: '#c5221f', width: 1.5 },
        { label: t('chartSentBytes'), scale: 'bytes', stroke: '#81c995', dash: [4, 3], width: 1 },
        { label: t('chartReceivedBytes'), scale: 'bytes', stroke: '#f28b82', dash: [4, 3], width: 1 },
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 2) return onRangeRef.current(null);
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            onRangeRef.current([from, to]);
          },
        ],
      },
    };
    plot.current = new uPlot(options, [seriesRef.current.x, seriesRef.current.sentMessages, seriesRef.current.receivedMessages, seriesRef.current.sentBytes, seriesRef.current.receivedBytes], el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: 110 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
    };
  }, [theme]);

  useEffect(() => {
    plot.current?.setData([series.x, series.sentMessages, series.receivedMessages, series.sentBytes, series.receivedBytes]);
  }, [series]);

  return (
    <div class="timeline" role="figure" aria-label={t('timeline')}>
      <div ref={container} class="timeline-plot" />
      {range && (
        <button type="button" class="link clear-range" onClick={() => onRange(null)}>
          {t('clearRange')}
        </button>
      )}
    </div>
  );
}
