/**
 * Session -> HAR 1.2 that Chrome DevTools (and HTTP Toolkit, Playwright, HAR analysers) import:
 * one entry per connection, the upgrade request as a GET with a 101 response, Chrome's
 * `_resourceType: "websocket"` and `_webSocketMessages`, plus `_frameline` fields that let our own
 * import restore the session exactly. The streamed variant (export-stream.ts) serializes the very
 * same plan, so both produce identical JSON.
 */
import { createExportContext, type ExportContext, type ExportOptions } from './export-context';
import { withoutUndefined } from '../lib/objects';
import { createFramelineEntryExtras, createFramelineMessageExtras } from './frameline-extras';
import { createChromeInitiator } from './initiator';
import { createQueryString, createRequestCookies, createResponseCookies } from './query-string-and-cookies';
import { selectScope } from './scope';
import {
  FRAMELINE_FORMAT_VERSION,
  type ConnectionError,
  type Har,
  type HarEntry,
  type HarWebSocketMessage,
  type SessionConnection,
  type SessionLog,
  type SessionMessage,
} from './types';

export type HarExportOptions = ExportOptions;

/** One connection's entry, its messages still to be converted (lazily, for streaming). */
export interface HarEntryPart {
  /** Complete except `_webSocketMessages`, which is an empty placeholder in its final position. */
  entry: HarEntry;
  /** Messages (not error items) this entry will hold. */
  messageCount: number;
  /** Chrome-shaped items in order: the messages with the connection's error items merged by time. */
  items(): Iterable<HarWebSocketMessage>;
}

export interface HarExportPlan {
  /** The HAR with `log.entries` empty (an empty placeholder in its final position). */
  har: Har;
  parts: HarEntryPart[];
  totalMessages: number;
}

/** Opened at some point: the handshake succeeded. */
export function isOpenedConnection(c: SessionConnection): boolean {
  return c.openedAt !== undefined || c.state === 'open' || c.state === 'closing';
}

/** Never opened and never will: the handshake failed (or the page gave up before it finished). */
export function isFailedConnection(c: SessionConnection): boolean {
  return !isOpenedConnection(c) && (c.state === 'closed' || c.state === 'error' || c.errored === true);
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

function createErrors(c: SessionConnection, messages: readonly SessionMessage[], ctx: ExportContext): ConnectionError[] {
  if (c.errors?.length) {
    return c.errors.map((e) => ({ time: e.time, text: ctx.note(e.text) })).sort((a, b) => a.time - b.time);
  }
  const failed = isFailedConnection(c);
  if (!failed && !c.errored) return [];
  // The capture model records that an error happened, not when or why: Chrome fires `error`
  // right before `close`, so closedAt is the best time we have.
  const lastMessage = messages.length > 0 ? messages[messages.length - 1].time : undefined;
  return [{ time: c.closedAt ?? lastMessage ?? c.createdAt, text: failed ? 'WebSocket connection failed' : 'WebSocket error' }];
}

function createMessageItem(m: SessionMessage, ctx: ExportContext): HarWebSocketMessage {
  const data = ctx.payload(m);
  return { type: m.dir, time: m.time / 1000, opcode: m.opcode, data, _frameline: createFramelineMessageExtras(m, data) };
}

function createErrorItem(e: ConnectionError): HarWebSocketMessage {
  return { type: 'error', time: e.time / 1000, opcode: -1, data: e.text };
}

function* createItems(messages: readonly SessionMessage[], errors: readonly ConnectionError[], ctx: ExportContext): Generator<HarWebSocketMessage> {
  let e = 0;
  for (const m of messages) {
    while (e < errors.length && errors[e].time <= m.time) yield createErrorItem(errors[e++]);
    yield createMessageItem(m, ctx);
  }
  while (e < errors.length) yield createErrorItem(errors[e++]);
}

/**
 * Timings of a WebSocket entry: `wait` is the handshake (creation to open), `receive` the life of
 * the connection after it; `time` is their sum as HAR requires (-1 phases excluded).
 */
function createTimes(c: SessionConnection, messages: readonly SessionMessage[], errors: readonly ConnectionError[]) {
  let end = c.createdAt;
  for (const t of [c.openedAt, c.closedAt]) if (t !== undefined && t > end) end = t;
  for (const m of messages) if (m.time > end) end = m.time;
  for (const e of errors) if (e.time > end) end = e.time;
  const time = round3(end - c.createdAt);
  const wait = c.openedAt !== undefined ? Math.min(time, round3(Math.max(0, c.openedAt - c.createdAt))) : time;
  return { time, timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait, receive: round3(time - wait) } };
}

function createEntry(log: SessionLog, c: SessionConnection, messages: readonly SessionMessage[], errors: readonly ConnectionError[], ctx: ExportContext): HarEntry {
  const handshake = log.handshakes?.[c.id];
  const url = ctx.url(c.url).split('#')[0];
  const opened = isOpenedConnection(c);
  const status = handshake?.status ?? (opened ? 101 : 0);
  const statusText = handshake?.statusText ?? (status === 101 ? 'Switching Protocols' : '');
  const requestHeaders = handshake ? handshake.requestHeaders : [];
  const responseHeaders = handshake ? handshake.responseHeaders : [];
  const { time, timings } = createTimes(c, messages, errors);
  const httpVersion = handshake?.httpVersion ?? 'HTTP/1.1';

  return withoutUndefined<HarEntry>({
    _frameline: createFramelineEntryExtras(c, ctx, handshake !== undefined),
    _initiator: createChromeInitiator(c.initiator === undefined ? undefined : ctx.note(c.initiator)),
    _resourceType: 'websocket',
    _webSocketMessages: [],
    cache: {},
    request: {
      method: 'GET',
      url,
      httpVersion,
      headers: ctx.headers(requestHeaders),
      queryString: createQueryString(url),
      cookies: ctx.sanitize ? [] : createRequestCookies(requestHeaders),
      headersSize: -1,
      bodySize: 0,
    },
    response: withoutUndefined({
      status,
      statusText,
      httpVersion,
      headers: ctx.headers(responseHeaders),
      cookies: ctx.sanitize ? [] : createResponseCookies(responseHeaders),
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: status === 0 ? -1 : 0,
      _error: isFailedConnection(c) ? (errors[0]?.text ?? 'WebSocket connection failed') : undefined,
    }),
    // A NaN time would make toISOString throw and lose the whole export: fall back to the epoch.
    startedDateTime: new Date(Number.isFinite(c.createdAt) ? c.createdAt : 0).toISOString(),
    time,
    timings,
  });
}

/** Everything but the message items. Throws `InvalidRedactionRulesError` for bad rules. */
export function createHarExportPlan(log: SessionLog, options: HarExportOptions = {}): HarExportPlan {
  const steps = planHarExportInSteps(log, createExportContext(options), options.scope);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Messages grouped per step of `planHarExportInSteps`. */
const PLAN_STEP_MESSAGES = 25_000;

/**
 * The plan, worked out in steps (it walks every message: ~80 ms for 500,000 in one go): the
 * generator yields between steps and returns the plan, so a stream can give the event loop back
 * in between. The context comes in built, so bad redaction rules throw before any of it.
 */
export function* planHarExportInSteps(log: SessionLog, ctx: ExportContext, scope: HarExportOptions['scope'] = 'all'): Generator<undefined, HarExportPlan> {
  let connections: SessionConnection[];
  let messages: readonly SessionMessage[];
  let known: Set<string> | undefined;
  if (scope === 'all') {
    // The common case, in one pass: leave out orphans while grouping.
    connections = log.connections.slice();
    messages = log.messages;
    known = new Set(connections.map((c) => c.id));
  } else {
    ({ connections, messages } = selectScope(log, scope));
  }
  const byConn = new Map<string, SessionMessage[]>();
  let total = 0;
  for (let start = 0; start < messages.length; start += PLAN_STEP_MESSAGES) {
    const end = Math.min(messages.length, start + PLAN_STEP_MESSAGES);
    for (let i = start; i < end; i++) {
      const message = messages[i];
      if (known && !known.has(message.connId)) continue;
      let group = byConn.get(message.connId);
      if (!group) byConn.set(message.connId, (group = []));
      group.push(message);
      total++;
    }
    yield;
  }
  const parts: HarEntryPart[] = [];
  for (const c of connections) {
    const grouped = byConn.get(c.id) ?? [];
    const errors = createErrors(c, grouped, ctx);
    parts.push({ entry: createEntry(log, c, grouped, errors, ctx), messageCount: grouped.length, items: () => createItems(grouped, errors, ctx) });
    yield;
  }
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: 'Frameline', version: ctx.creatorVersion },
      _frameline: { version: FRAMELINE_FORMAT_VERSION, sanitized: ctx.sanitize, redactionRules: ctx.redactionRules },
      entries: [],
    },
  };
  return { har, parts, totalMessages: total };
}

/**
 * The whole HAR as one object (`JSON.stringify` it to save). For large logs prefer
 * `createHarExportStream`, which never holds the whole JSON text.
 * Throws `InvalidRedactionRulesError` (before any work) when a redaction rule is invalid.
 */
export function createHarExport(log: SessionLog, options: HarExportOptions = {}): Har {
  const plan = createHarExportPlan(log, options);
  // Spreading keeps `_webSocketMessages` in the placeholder's position, as the stream writes it.
  const entries = plan.parts.map((part) => ({ ...part.entry, _webSocketMessages: [...part.items()] }));
  return { ...plan.har, log: { ...plan.har.log, entries } };
}
