/**
 * The detail of a connection event row (open, close, error), read back from what the store wrote
 * (`protocol <name>`, `<code> <reason> (not clean)`, the browser's error) so the row can show it
 * in the panel's language, with the data (a sub-protocol, a close reason, a browser's message)
 * apart from the words. The store keeps the English detail: filters search it.
 */
import type { ControlEvent } from '../../query/types';
import { t } from '../common/i18n';
import { clipForDisplay } from '../common/clip';

export interface ControlDetail {
  /** The negotiated sub-protocol of an `open` row. */
  protocol?: string;
  /** Code and reason of a close, the error of an error row, or a detail of unknown form. */
  data?: string;
  /** The close was not clean. */
  notClean?: boolean;
}

const NOT_CLEAN = /^(.*?) ?\(not clean\)$/;

/** The parts are clipped for display (common/clip.ts): a close reason can be as long as the page made it. */
export function readControlDetail(row: ControlEvent): ControlDetail {
  const detail = clipForDisplay(row.detail ?? '');
  if (!detail) return {};
  if (row.event === 'open' && detail.startsWith('protocol ')) return { protocol: detail.slice('protocol '.length) };
  if (row.event === 'close') {
    const match = NOT_CLEAN.exec(detail);
    if (match) return match[1] ? { data: match[1], notClean: true } : { notClean: true };
  }
  return { data: detail };
}

/** The row in one line, in the panel's language (for its accessible name). */
export function controlText(row: ControlEvent): string {
  const detail = readControlDetail(row);
  const parts = [t(`event_${row.event}`)];
  if (detail.protocol !== undefined) parts.push(t('controlProtocol'), detail.protocol);
  if (detail.data) parts.push(detail.data);
  if (detail.notClean) parts.push(`(${t('notClean')})`);
  return parts.join(' ');
}
