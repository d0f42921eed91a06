/**
 * The timeline chart, loaded when it is first shown: uPlot is a tenth of the panel's code and the
 * panel's first render does not need it. Until its chunk is there, an empty figure of the chart's
 * size holds its place, so nothing moves when it arrives.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FunctionComponent } from 'preact';
import { t } from '../common/i18n';
import type { TimelineChartProps } from './TimelineChart';

let loaded: FunctionComponent<TimelineChartProps> | undefined;
let loading: Promise<FunctionComponent<TimelineChartProps>> | undefined;
const loadChart = () =>
  (loading ??= import('./TimelineChart').then(
    (module) => (loaded = module.TimelineChart),
    (error: unknown) => {
      // The chunk did not load (the panel is closing): the next render asks again.
      loading = undefined;
      throw error;
    },
  ));

export function LazyTimelineChart(props: TimelineChartProps) {
  const [Chart, setChart] = useState(() => loaded);
  useEffect(() => {
    if (Chart) return;
    let live = true;
    loadChart().then(
      (component) => live && setChart(() => component),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [Chart]);
  if (Chart) return <Chart {...props} />;
  return (
    <div class="timeline" role="figure" aria-label={t('timeline')} aria-busy="true">
      <div class="timeline-plot" />
    </div>
  );
}
