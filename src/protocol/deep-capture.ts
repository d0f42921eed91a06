/**
 * The one-shot messages between a panel and the background about Chrome's Deep capture (the
 * sockets of the page's workers through `chrome.debugger`; extension/background/deep-capture.ts).
 * The panel asks about its inspected tab; the background answers with the state in force.
 */
import { PROTOCOL_VERSION } from './version';

export interface DeepCaptureRequest {
  frameline: 'deepCapture';
  v: number;
  tabId: number;
  /** Absent: only tell the state. */
  on?: boolean;
}

export interface DeepCaptureAnswer {
  on: boolean;
  origin: string;
  /** Chrome's words when attaching failed. */
  failed?: string;
}

/** storage.local key: the origins Deep capture is on for. */
export const DEEP_CAPTURE_ORIGINS_KEY = 'deepCaptureOrigins';

export function deepCaptureRequest(tabId: number, on?: boolean): DeepCaptureRequest {
  return { frameline: 'deepCapture', v: PROTOCOL_VERSION, tabId, ...(on === undefined ? {} : { on }) };
}

export function isDeepCaptureRequest(value: unknown): value is DeepCaptureRequest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.frameline === 'deepCapture' &&
    m.v === PROTOCOL_VERSION &&
    typeof m.tabId === 'number' &&
    Number.isInteger(m.tabId) &&
    (m.on === undefined || typeof m.on === 'boolean')
  );
}

export function isDeepCaptureAnswer(value: unknown): value is DeepCaptureAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.on === 'boolean' && typeof m.origin === 'string' && (m.failed === undefined || typeof m.failed === 'string');
}
