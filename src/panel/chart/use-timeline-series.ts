/**
 * The timeline chart's data, recomputed at most every half second: it scans the whole table, and
 * a stream of thousands of messages per second must not rescan it every frame. The timer lives
 * in the chart, so only the chart re-renders with it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MessageTable } from '../state/message-table';
import { timelineSeries, type TimelineSeries } from './timeline-series';

export function useTimelineSeries(table: MessageTable, connections: ReadonlySet<number> | null, refreshMs = 500): TimelineSeries {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return useMemo(() => timelineSeries(table, connections), [tick, table, connections, table.endId === 0]);
}
