/**
 * Chart data of the timeline: messages and bytes per second, each direction, over the life of
 * the selected connections. One pass over the table's time/size/direction columns.
 */
import type { MessageTable } from '../state/message-table';
import { isRowOfAny } from '../state/connection-rows';

export interface TimelineSeries {
  /** Bucket start times, in seconds since the epoch (uPlot's x unit). */
  x: number[];
  sentMessages: number[];
  receivedMessages: number[];
  sentBytes: number[];
  receivedBytes: number[];
  /** Width of a bucket in seconds (rates are per second whatever the bucket). */
  bucketSeconds: number;
}

/** Bucket widths that read well on an axis, in seconds. */
const STEPS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 600, 1800, 3600];

export function timelineSeries(table: MessageTable, connections: ReadonlySet<number> | null, maxBuckets = 300): TimelineSeries {
  let first = Infinity;
  let last = -Infinity;
  for (let id = table.firstId; id < table.endId; id++) {
    if (table.opcode(id) === 0 || !isRowOfAny(table, id, connections)) continue;
    const time = table.time(id);
    if (time < first) first = time;
    if (time > last) last = time;
  }
  const empty: TimelineSeries = { x: [], sentMessages: [], receivedMessages: [], sentBytes: [], receivedBytes: [], bucketSeconds: 1 };
  if (first === Infinity) return empty;
  const span = Math.max(0.001, (last - first) / 1000);
  const bucketSeconds = STEPS.find((s) => span / s <= maxBuckets) ?? Math.ceil(span / maxBuckets);
  const start = Math.floor(first / 1000 / bucketSeconds) * bucketSeconds;
  const count = Math.floor((last / 1000 - start) / bucketSeconds) + 1;
  const series: TimelineSeries = {
    x: Array.from({ length: count }, (_, i) => start + i * bucketSeconds),
    sentMessages: new Array<number>(count).fill(0),
    receivedMessages: new Array<number>(count).fill(0),
    sentBytes: new Array<number>(count).fill(0),
    receivedBytes: new Array<number>(count).fill(0),
    bucketSeconds,
  };
  for (let id = table.firstId; id < table.endId; id++) {
    if (table.opcode(id) === 0 || !isRowOfAny(table, id, connections)) continue;
    const bucket = Math.min(count - 1, Math.floor((table.time(id) / 1000 - start) / bucketSeconds));
    if (table.isSend(id)) {
      series.sentMessages[bucket] += 1 / bucketSeconds;
      series.sentBytes[bucket] += table.size_(id) / bucketSeconds;
    } else {
      series.receivedMessages[bucket] += 1 / bucketSeconds;
      series.receivedBytes[bucket] += table.size_(id) / bucketSeconds;
    }
  }
  return series;
}
