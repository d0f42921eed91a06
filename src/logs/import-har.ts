/**
 * HAR -> session. Reads Chrome's WebSocket entries (message times in seconds), Playwright's (same
 * fields, times in milliseconds), any other producer of that shape, and Frameline's own files,
 * whose `_frameline` fields restore the session exactly (ids, times, close codes, marks).
 *
 * Strict where a wrong value would silently corrupt the session (a time that is not a number,
 * data that is not a string, bad base64): the import fails naming the field, e.g.
 * `entries[3]._webSocketMessages[17].time is not a number`. Lenient where Chrome is lenient
 * (unknown message types, control frames, missing headers): skipped, with a warning.
 */
import { isRecord, withoutUndefined } from '../lib/objects';
import { readFramelineEntryExtras, readFramelineMessageExtras } from './frameline-extras';
import {
  countTraffic,
  createImportedId,
  createImportedMessage,
  createMessageList,
  fail,
  typeText,
  warn,
  type ImportContext,
  type PendingMessage,
} from './import-common';
import { createStackFromInitiator } from './initiator';
import { headerValues } from './query-string-and-cookies';
import type { ConnectionError, EveryField, Handshake, HarNameValue, SessionConnection, SessionFormat, SessionLog, SessionMessage } from './types';

function isWebSocketEntry(entry: unknown): boolean {
  return (
    isRecord(entry) &&
    ((typeof entry._resourceType === 'string' && entry._resourceType.toLowerCase() === 'websocket') ||
      Array.isArray(entry._webSocketMessages) ||
      isRecord(entry._frameline))
  );
}

function detectFormat(creatorName: string): SessionFormat {
  if (creatorName === 'Frameline') return 'frameline-har';
  if (creatorName === 'WebInspector') return 'chrome-har';
  if (creatorName === 'Playwright') return 'playwright-har';
  return 'har';
}

function readHeaders(value: unknown): HarNameValue[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((h) => isRecord(h) && typeof h.name === 'string')
    .map((h) => ({ name: h.name as string, value: h.value === undefined ? '' : String(h.value) }));
}

/**
 * Message time -> epoch ms. Seconds (Chrome) and milliseconds (Playwright) are told apart by size:
 * 1e11 s is the year 5138, 1e11 ms is 1973. Values below 1e9 are monotonic seconds (Chrome before
 * wall-clock frame times): anchored at the connection's start. Zero or negative means "no time"
 * (Playwright's omitTiming writes -1).
 */
function createTimeReader(createdAt: number, path: string, ctx: ImportContext) {
  let base: number | undefined;
  let missing = 0;
  return {
    toMs(t: number): number {
      if (t > 1e11) return t;
      if (t >= 1e9) return t * 1000;
      if (t <= 0) {
        missing++;
        return createdAt;
      }
      if (base === undefined) {
        base = t;
        warn(ctx, 'logs.har.relativeTimes', { path });
      }
      return createdAt + (t - base) * 1000;
    },
    finish() {
      if (missing > 0) warn(ctx, 'logs.har.noTimes', { path, count: missing });
    },
  };
}

function readDate(entry: Record<string, unknown>, path: string): number {
  const value = entry.startedDateTime;
  if (value === undefined) fail('logs.har.dateMissing', { path });
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) fail('logs.har.dateInvalid', { path });
  return time;
}

/** Handshake duration from HAR timings (phases before the response), 0 when unknown. */
function handshakeMs(timings: unknown): number {
  if (!isRecord(timings)) return 0;
  let total = 0;
  for (const key of ['blocked', 'dns', 'connect', 'send', 'wait']) {
    const v = timings[key];
    if (typeof v === 'number' && v > 0) total += v;
  }
  return total;
}

interface ImportedEntry {
  connection: SessionConnection;
  handshake?: Handshake;
  pending: PendingMessage[];
}

function importEntry(
  entry: Record<string, unknown>,
  index: number,
  group: number,
  pageUrls: Map<string, string>,
  usedIds: Set<string>,
  ctx: ImportContext,
): ImportedEntry {
  const path = `entries[${index}]`;
  const fx = readFramelineEntryExtras(entry._frameline);
  const request = entry.request;
  if (request === undefined) fail('logs.har.requestMissing', { path });
  if (!isRecord(request)) fail('logs.har.requestNotObject', { path, kind: typeText(request) });
  if (typeof request.url !== 'string') fail('logs.har.urlNotString', { path });
  const response = isRecord(entry.response) ? entry.response : undefined;
  const status = response?.status;
  if (status !== undefined && typeof status !== 'number') fail('logs.har.statusNotNumber', { path });
  const startedAt = readDate(entry, path);
  const createdAt = fx?.createdAt ?? startedAt;
  let id = createImportedId(ctx.prefix, fx?.id ?? String(index));
  // Two exports pasted into one file can repeat an id: keep the connections apart.
  if (usedIds.has(id)) id += `~${index}`;
  usedIds.add(id);

  const raw = entry._webSocketMessages;
  if (raw !== undefined && !Array.isArray(raw)) fail('logs.har.messagesNotArray', { path });
  if (raw === undefined && isRecord(response?.content) && typeof response.content._file === 'string') {
    warn(ctx, 'logs.har.separateFile', { path, file: response.content._file });
  }

  const times = createTimeReader(createdAt, path, ctx);
  const pending: PendingMessage[] = [];
  const messages: SessionMessage[] = [];
  const itemErrors: ConnectionError[] = [];
  const skippedTypes = new Map<string, number>();
  let controlFrames = 0;
  const items = (raw as unknown[] | undefined) ?? [];
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const where = `${path}._webSocketMessages[${k}]`;
    if (!isRecord(item)) fail('logs.har.itemNotObject', { where, kind: typeText(item) });
    const type = item.type;
    if (type === undefined) fail('logs.har.typeMissing', { where });
    if (typeof type !== 'string') fail('logs.har.typeNotString', { where });
    if (type !== 'send' && type !== 'receive' && type !== 'error') {
      skippedTypes.set(type, (skippedTypes.get(type) ?? 0) + 1);
      continue;
    }
    if (typeof item.time !== 'number' || !Number.isFinite(item.time)) fail('logs.har.timeNotNumber', { where });
    if (typeof item.data !== 'string') fail('logs.har.dataNotString', { where });
    const time = times.toMs(item.time);
    if (type === 'error') {
      itemErrors.push({ time, text: item.data });
      continue;
    }
    if (typeof item.opcode !== 'number') fail('logs.har.opcodeNotNumber', { where });
    if (item.opcode !== 1 && item.opcode !== 2) {
      controlFrames++;
      continue;
    }
    const marks = readFramelineMessageExtras(item._frameline);
    const message = createImportedMessage({ connId: id, dir: type, time, opcode: item.opcode, data: item.data }, marks, `${where}.data`);
    messages.push(message);
    pending.push({ message, group, index: k, hasSeq: marks.seq !== undefined });
  }
  times.finish();
  for (const [type, count] of skippedTypes) warn(ctx, 'logs.har.skippedType', { path, count, type });
  if (controlFrames > 0) warn(ctx, 'logs.har.skippedControl', { path, count: controlFrames });

  const requestHeaders = readHeaders(request.headers);
  const responseHeaders = readHeaders(response?.headers);
  const statusText = typeof response?.statusText === 'string' ? response.statusText : '';
  // "HTTP/1.1" is the default of `Handshake.httpVersion`: leave it out so round trips are exact.
  const httpVersion = typeof response?.httpVersion === 'string' && response.httpVersion && response.httpVersion !== 'HTTP/1.1' ? response.httpVersion : undefined;
  const hasHandshake = fx ? fx.handshake === true : requestHeaders.length > 0 || responseHeaders.length > 0;
  const handshake: Handshake | undefined = hasHandshake
    ? withoutUndefined({ requestHeaders, responseHeaders, status: (status as number | undefined) ?? 0, statusText, httpVersion })
    : undefined;

  // Without our fields: a log is history, so the connection is closed if it ever opened.
  const opened = status === 101 || messages.length > 0;
  const state = fx?.state ?? (opened ? 'closed' : 'error');
  const firstMessage = messages.reduce((min, m) => Math.min(min, m.time), Infinity);
  const openedAt = fx ? fx.openedAt : opened ? Math.min(createdAt + handshakeMs(entry.timings), firstMessage) : undefined;
  const errors = fx ? fx.errors : itemErrors.length > 0 ? itemErrors : undefined;
  const pageref = typeof entry.pageref === 'string' ? pageUrls.get(entry.pageref) : undefined;
  const traffic = fx?.sent && fx.received ? { sent: fx.sent, received: fx.received } : countTraffic(messages);

  const connection: EveryField<SessionConnection> = {
    id,
    url: request.url,
    frameUrl: fx?.frameUrl ?? pageref ?? '',
    frameId: fx?.frameId ?? 0,
    protocolsRequested:
      fx?.protocolsRequested ?? headerValues(requestHeaders, 'sec-websocket-protocol').flatMap((v) => v.split(',').map((p) => p.trim())).filter(Boolean),
    protocol: fx?.protocol ?? headerValues(responseHeaders, 'sec-websocket-protocol')[0]?.trim() ?? '',
    extensions: fx?.extensions ?? headerValues(responseHeaders, 'sec-websocket-extensions').join(', '),
    state,
    createdAt,
    openedAt,
    closedAt: fx?.closedAt,
    closeCode: fx?.closeCode,
    closeReason: fx?.closeReason,
    wasClean: fx?.wasClean,
    errored: fx ? fx.errored : errors || state === 'error' ? true : undefined,
    initiator: fx ? fx.initiator : createStackFromInitiator(entry._initiator),
    handshake: undefined, // returned beside the connection, for the session's `handshakes`
    api: fx?.api ?? 'WebSocket',
    served: fx?.served,
    capturedBy: fx?.capturedBy,
    sent: traffic.sent,
    received: traffic.received,
    source: 'imported',
    context: fx?.context,
    errors,
  };
  return { connection: withoutUndefined(connection as SessionConnection), handshake, pending };
}

/** A parsed JSON document -> session. Throws `ImportProblem` naming what is wrong and where. */
export function importHarDocument(root: unknown, ctx: ImportContext): SessionLog {
  if (!isRecord(root)) fail('logs.har.rootNotObject', { kind: typeText(root) });
  const log = root.log;
  if (log === undefined) fail('logs.har.noLog');
  if (!isRecord(log)) fail('logs.har.logNotObject', { kind: typeText(log) });
  if (log.entries === undefined) fail('logs.har.noEntries');
  if (!Array.isArray(log.entries)) fail('logs.har.entriesNotArray', { kind: typeText(log.entries) });
  const entries: unknown[] = log.entries;

  const creator = isRecord(log.creator) ? log.creator : {};
  const creatorName = typeof creator.name === 'string' ? creator.name : '';
  const creatorVersion = typeof creator.version === 'string' ? creator.version : '';
  const pageUrls = new Map<string, string>();
  if (Array.isArray(log.pages)) {
    for (const page of log.pages) {
      // Chrome's page title is the page URL; Playwright's is the document title (not a URL).
      if (isRecord(page) && typeof page.id === 'string' && typeof page.title === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(page.title)) {
        pageUrls.set(page.id, page.title);
      }
    }
  }

  const wsIndexes: number[] = [];
  entries.forEach((entry, i) => {
    if (isWebSocketEntry(entry)) wsIndexes.push(i);
  });
  if (wsIndexes.length === 0) {
    if (entries.length === 0) fail('logs.har.empty');
    fail('logs.har.noWebSocket', { count: entries.length });
  }
  const skipped = entries.length - wsIndexes.length;
  if (skipped === 1) warn(ctx, 'logs.har.skippedEntry');
  else if (skipped > 1) warn(ctx, 'logs.har.skippedEntries', { count: skipped });

  const connections: SessionConnection[] = [];
  const handshakes: Record<string, Handshake> = {};
  const pending: PendingMessage[] = [];
  const usedIds = new Set<string>();
  wsIndexes.forEach((index, group) => {
    const imported = importEntry(entries[index] as Record<string, unknown>, index, group, pageUrls, usedIds, ctx);
    connections.push(imported.connection);
    if (imported.handshake) handshakes[imported.connection.id] = imported.handshake;
    for (const p of imported.pending) pending.push(p);
  });
  // Entries are in request order in most files but not all: keep creation order as the panel does.
  connections.sort((a, b) => a.createdAt - b.createdAt);

  const fxLog = isRecord(log._frameline) ? log._frameline : undefined;
  return {
    connections,
    messages: createMessageList(pending),
    handshakes,
    source: withoutUndefined({
      kind: 'imported' as const,
      format: detectFormat(creatorName),
      creator: `${creatorName} ${creatorVersion}`.trim() || undefined,
      sanitized: typeof fxLog?.sanitized === 'boolean' ? fxLog.sanitized : undefined,
    }),
  };
}
