/** Derived facts of a connection shown in the Connections grid (pure, unit-tested). */
import type { ConnectionInfo } from '../../protocol/records';
import { headOf } from '../common/clip';

export function durationMs(c: ConnectionInfo, now: number): number | undefined {
  const start = c.openedAt ?? c.createdAt;
  return (c.closedAt ?? now) - start;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Messages per second over the connection's life so far (both directions). */
export function messageRate(c: ConnectionInfo, now: number): number {
  const ms = durationMs(c, now) ?? 0;
  if (ms <= 0) return 0;
  return ((c.sent.count + c.received.count) * 1000) / ms;
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 10) return `${perSecond.toFixed(1)}/s`;
  return `${Math.round(perSecond)}/s`;
}

/** Characters of a text column the sort compares with the locale's rules. */
const SORT_HEAD_CHARS = 1024;

/**
 * Locale order of two column texts, judged on their first characters: `localeCompare` reads whole
 * strings (0.1 s for two 50 MB URLs), and the grid sorts again every second. Texts whose heads
 * tie fall back to plain code-unit order, which stops at the first difference.
 */
export function compareText(a: string, b: string): number {
  const byHead = headOf(a, SORT_HEAD_CHARS).localeCompare(headOf(b, SORT_HEAD_CHARS));
  if (byHead !== 0 || (a.length <= SORT_HEAD_CHARS && b.length <= SORT_HEAD_CHARS)) return byHead;
  return a < b ? -1 : a > b ? 1 : 0;
}

export type ConnectionSortKey = 'created' | 'url' | 'frame' | 'state' | 'protocol' | 'sent' | 'received' | 'rate' | 'duration';

export function compareConnections(key: ConnectionSortKey, now: number): (a: ConnectionInfo, b: ConnectionInfo) => number {
  switch (key) {
    case 'url':
      return (a, b) => compareText(a.url, b.url);
    case 'frame':
      return (a, b) => compareText(a.frameUrl, b.frameUrl);
    case 'state':
      return (a, b) => compareText(a.state, b.state);
    case 'protocol':
      return (a, b) => compareText(a.protocol, b.protocol);
    case 'sent':
      return (a, b) => a.sent.bytes - b.sent.bytes;
    case 'received':
      return (a, b) => a.received.bytes - b.received.bytes;
    case 'rate':
      return (a, b) => messageRate(a, now) - messageRate(b, now);
    case 'duration':
      return (a, b) => (durationMs(a, now) ?? 0) - (durationMs(b, now) ?? 0);
    default:
      return (a, b) => a.createdAt - b.createdAt;
  }
}
