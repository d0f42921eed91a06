/** Display formats of the panel: DevTools-style times, sizes and previews. */
import { base64ToBytes, toHex } from '../../lib/bytes';
import type { ConnectionInfo, MessageRecord } from '../../protocol/records';
import { t } from './i18n';
import { clipForDisplay, headOf } from './clip';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds: 14:03:07.123 */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Time since a reference, DevTools style: +0.000 s, +12.345 s, +3:07.123 */
export function formatRelative(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)} s`;
  const minutes = Math.floor(abs / 60_000);
  return `${sign}${minutes}:${((abs % 60_000) / 1000).toFixed(3).padStart(6, '0')}`;
}

/** Reference time of a connection's timeline: when it opened, else when it was created. */
export function connectionStart(connection: ConnectionInfo | undefined): number | undefined {
  return connection ? (connection.openedAt ?? connection.createdAt) : undefined;
}

export const PREVIEW_CHARS = 200;

/** One-line preview: text with whitespace collapsed, binary as its first bytes in hex. */
export function previewOf(message: MessageRecord, max = PREVIEW_CHARS): string {
  const { lead, data } = previewParts(message, max);
  return lead + data;
}

/**
 * The preview in two parts: `lead` in the panel's words (`Binary 6 B: `; empty for text), `data`
 * what the message holds (its text, or its first bytes in hex).
 */
export function previewParts(message: MessageRecord, max = PREVIEW_CHARS): { lead: string; data: string } {
  if (message.opcode === 1) {
    const text = (message.text ?? '').slice(0, max * 2).replace(/\s+/g, ' ');
    return { lead: '', data: text.length > max ? `${text.slice(0, max)}…` : text };
  }
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes((message.base64 ?? '').slice(0, 44));
  } catch {
    return { lead: t('binaryUnreadable'), data: '' };
  }
  const head = toHex(bytes.subarray(0, 16));
  return { lead: t('binaryPreview', [String(message.size)]), data: `${head}${message.size > 16 ? ' …' : ''}` };
}

export function directionLabel(message: MessageRecord): string {
  return message.dir === 'send' ? 'sent' : 'received';
}

/**
 * How the Frame column names a frame: host and path for web URLs; other URLs whole, since their
 * "path" alone says nothing (`about:srcdoc` would read "srcdoc"), data: URLs cut short.
 */
export function frameLabel(url: string): string {
  if (/^(https?|file):/i.test(url)) return clipForDisplay(hostPath(url));
  return url.length > 60 ? `${url.slice(0, 59)}…` : url;
}

/**
 * Characters of a URL that are parsed to read its host and path. A whole 50 MB URL took 0.4 s
 * to parse, at every render of a row showing it; the label is clipped anyway.
 */
const URL_HEAD_CHARS = 8192;

export function hostPath(url: string): string {
  try {
    const u = new URL(headOf(url, URL_HEAD_CHARS));
    return `${u.host}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
