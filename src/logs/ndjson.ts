/**
 * Frameline NDJSON: one JSON object per line, for grep, jq, log pipelines and diffing. Lossless
 * (our import restores the session as from a Frameline HAR) and easy to stream.
 *
 *   line 1       header   {"type":"frameline-ndjson","version":1,"creator":{...},"sanitized":true,"redactionRules":0}
 *   then         one line per connection, before any message:
 *                {"type":"connection","id":"d1:1","url":"wss://...","frameUrl":...,"state":"closed",
 *                 "createdAt":1718020800000.5,...,"handshake":{"requestHeaders":[...],...}}
 *                (the same fields as a HAR entry's `_frameline`, plus `url` and the handshake if known)
 *   then         one line per message, in the session's order:
 *                {"type":"message","conn":"d1:1","url":"wss://...","dir":"send",
 *                 "time":"2024-06-10T12:00:00.123Z","timeMs":1718020800123.25,"opcode":1,
 *                 "data":"hello","size":5,"seq":7}
 *                `data` is the text (opcode 1) or base64 (opcode 2); `time` is for people, `timeMs`
 *                (epoch milliseconds, fractional) is what import uses; `size` is the original size
 *                on the wire; marks (`truncated`, `discarded`, `injected`, `replayed`, `edited`,
 *                `rule`, `rules`, `rewritten`, `blocked`, `dropped`, `delayedMs`, `autoReply`,
 *                `inReplyTo`) appear only when set.
 *   Every line ends with "\n". Sanitizing and redaction work as for HAR (export-context.ts).
 */
import { createBlobFromChunks, createChunkStream, type StreamOptions, type TextPiece } from './chunked';
import { createExportContext, type ExportContext, type ExportOptions } from './export-context';
import { isRecord, withoutUndefined } from '../lib/objects';
import { createFramelineEntryExtras, readFramelineEntryExtras, readFramelineMessageExtras } from './frameline-extras';
import {
  countTraffic,
  createImportedId,
  createImportedMessage,
  createMessageList,
  fail,
  typeText,
  valueText,
  warn,
  type ImportContext,
  type PendingMessage,
} from './import-common';
import { rawText, type CodedText } from '../lib/coded-text';
import { logsTexts } from './texts';
import { selectScope } from './scope';
import {
  FRAMELINE_FORMAT_VERSION,
  type EveryField,
  type FramelineEntryExtras,
  type Handshake,
  type HarNameValue,
  type SessionConnection,
  type SessionLog,
  type SessionMessage,
} from './types';

export const NDJSON_TYPE = 'frameline-ndjson';

// -------------------------------------------------------------------------------------- export

function createHandshakeLine(handshake: Handshake, ctx: ExportContext): Handshake {
  return withoutUndefined<Handshake>({
    requestHeaders: ctx.headers(handshake.requestHeaders),
    responseHeaders: ctx.headers(handshake.responseHeaders),
    status: handshake.status,
    statusText: handshake.statusText,
    httpVersion: handshake.httpVersion,
  });
}

function createMessageLine(m: SessionMessage, url: string, ctx: ExportContext): string {
  return JSON.stringify(
    withoutUndefined({
      type: 'message',
      conn: m.connId,
      url,
      dir: m.dir,
      time: Number.isFinite(m.time) ? new Date(m.time).toISOString() : '',
      timeMs: m.time,
      opcode: m.opcode,
      data: ctx.payload(m),
      size: m.size,
      seq: m.seq,
      truncated: m.truncated ? true : undefined,
      discarded: m.discarded ? true : undefined,
      injected: m.injected ? true : undefined,
      replayed: m.replayed ? true : undefined,
      edited: m.edited ? true : undefined,
      rule: typeof m.rule === 'string' ? m.rule : undefined,
      rules: m.rules?.length ? m.rules : undefined,
      rewritten: m.rewritten ? true : undefined,
      blocked: m.blocked ? true : undefined,
      dropped: m.dropped ? true : undefined,
      delayedMs: m.delayedMs || undefined,
      autoReply: m.autoReply ? true : undefined,
      inReplyTo: m.inReplyTo,
    }),
  );
}

function* createNdjsonPieces(log: SessionLog, options: ExportOptions, ctx: ExportContext): Generator<TextPiece> {
  const scoped = selectScope(log, options.scope);
  const header = { type: NDJSON_TYPE, version: FRAMELINE_FORMAT_VERSION, creator: { name: 'Frameline', version: ctx.creatorVersion }, sanitized: ctx.sanitize, redactionRules: ctx.redactionRules };
  yield { text: JSON.stringify(header) + '\n', messages: 0 };
  const urls = new Map<string, string>();
  for (const c of scoped.connections) {
    const handshake = log.handshakes?.[c.id];
    const { id, handshake: _flag, ...extras } = createFramelineEntryExtras(c, ctx, false);
    const url = ctx.url(c.url);
    urls.set(c.id, url);
    const line = withoutUndefined({ type: 'connection', id, url, ...extras, handshake: handshake && createHandshakeLine(handshake, ctx) });
    yield { text: JSON.stringify(line) + '\n', messages: 0 };
  }
  for (const m of scoped.messages) yield { text: createMessageLine(m, urls.get(m.connId) ?? '', ctx) + '\n', messages: 1 };
}

function countInScope(log: SessionLog, options: ExportOptions): number {
  return selectScope(log, options.scope).messages.length;
}

/** The whole NDJSON text. Throws `InvalidRedactionRulesError` for bad rules. */
export function createNdjsonExport(log: SessionLog, options: ExportOptions = {}): string {
  const ctx = createExportContext(options);
  let text = '';
  for (const piece of createNdjsonPieces(log, options, ctx)) text += piece.text;
  return text;
}

/** NDJSON in chunks (see chunked.ts). Throws `InvalidRedactionRulesError` right away for bad rules. */
export function createNdjsonExportStream(log: SessionLog, options: ExportOptions = {}, stream: StreamOptions = {}): AsyncGenerator<string> {
  const ctx = createExportContext(options);
  return createChunkStream(createNdjsonPieces(log, options, ctx), countInScope(log, options), stream);
}

export function createNdjsonBlob(log: SessionLog, options: ExportOptions = {}, stream: StreamOptions = {}): Promise<Blob> {
  return createBlobFromChunks(createNdjsonExportStream(log, options, stream), 'application/x-ndjson');
}

// -------------------------------------------------------------------------------------- import

/** Whether a text starts with our NDJSON header line (cheap: looks at the first line only). */
export function isNdjsonLog(text: string): boolean {
  const end = text.indexOf('\n');
  const first = end === -1 ? text : text.slice(0, end);
  if (!first.includes(NDJSON_TYPE)) return false;
  try {
    const header = JSON.parse(first);
    return isRecord(header) && header.type === NDJSON_TYPE;
  } catch {
    return false;
  }
}

function readHeaders(value: unknown): HarNameValue[] {
  if (!Array.isArray(value)) return [];
  return value.filter((h) => isRecord(h) && typeof h.name === 'string').map((h) => ({ name: h.name as string, value: String(h.value ?? '') }));
}

function readHandshake(value: unknown): Handshake | undefined {
  if (!isRecord(value)) return undefined;
  return withoutUndefined<Handshake>({
    requestHeaders: readHeaders(value.requestHeaders),
    responseHeaders: readHeaders(value.responseHeaders),
    status: typeof value.status === 'number' ? value.status : 0,
    statusText: typeof value.statusText === 'string' ? value.statusText : '',
    httpVersion: typeof value.httpVersion === 'string' ? value.httpVersion : undefined,
  });
}

/**
 * A connection from its line's fields, the ones missing or mistyped defaulted. Counters the file
 * does not carry are -1 here and recomputed from the messages once all are read.
 */
function createImportedConnection(id: string, url: string, createdAt: number, fx: Partial<FramelineEntryExtras>): SessionConnection {
  const connection: EveryField<SessionConnection> = {
    id,
    url,
    frameUrl: fx.frameUrl ?? '',
    frameId: fx.frameId ?? 0,
    protocolsRequested: fx.protocolsRequested ?? [],
    protocol: fx.protocol ?? '',
    extensions: fx.extensions ?? '',
    state: fx.state ?? 'closed',
    createdAt,
    openedAt: fx.openedAt,
    closedAt: fx.closedAt,
    closeCode: fx.closeCode,
    closeReason: fx.closeReason,
    wasClean: fx.wasClean,
    errored: fx.errored,
    initiator: fx.initiator,
    handshake: undefined, // handshakes live in the session's `handshakes`
    api: fx.api ?? 'WebSocket',
    served: fx.served,
    capturedBy: fx.capturedBy,
    sent: fx.sent ?? { count: -1, bytes: -1 },
    received: fx.received ?? { count: -1, bytes: -1 },
    source: 'imported',
    context: fx.context,
    errors: fx.errors,
  };
  return withoutUndefined(connection as SessionConnection);
}

function readConnection(line: Record<string, unknown>, where: CodedText, ctx: ImportContext): SessionConnection {
  if (typeof line.id !== 'string') fail('logs.ndjson.notString', { where, field: 'id' });
  if (typeof line.url !== 'string') fail('logs.ndjson.notString', { where, field: 'url' });
  if (typeof line.createdAt !== 'number') fail('logs.ndjson.notNumber', { where, field: 'createdAt' });
  return createImportedConnection(createImportedId(ctx.prefix, line.id), line.url, line.createdAt, readFramelineEntryExtras(line)!);
}

function readMessage(line: Record<string, unknown>, where: CodedText, connId: string, index: number): PendingMessage {
  const { dir, opcode, data } = line;
  if (dir !== 'send' && dir !== 'receive') fail('logs.ndjson.badDir', { where, value: valueText(dir) });
  if (opcode !== 1 && opcode !== 2) fail('logs.ndjson.badOpcode', { where, value: valueText(opcode) });
  if (typeof data !== 'string') fail('logs.ndjson.notString', { where, field: 'data' });
  let time = line.timeMs;
  if (time === undefined && typeof line.time === 'string') time = Date.parse(line.time);
  if (typeof time !== 'number' || !Number.isFinite(time)) fail('logs.ndjson.notNumber', { where, field: 'timeMs' });
  const marks = readFramelineMessageExtras(line);
  const message = createImportedMessage({ connId, dir, time, opcode, data }, marks, logsTexts.text('logs.ndjson.field', { where, field: 'data' }));
  return { message, group: 0, index, hasSeq: marks.seq !== undefined };
}

/** NDJSON text -> session. Throws `ImportProblem` naming the line. */
export function importNdjsonText(text: string, ctx: ImportContext): SessionLog {
  const lines = text.split('\n');
  const connections: SessionConnection[] = [];
  const byId = new Map<string, SessionConnection>();
  const handshakes: Record<string, Handshake> = {};
  const pending: PendingMessage[] = [];
  let header: Record<string, unknown> | undefined;
  let orphans = 0;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const where = logsTexts.text('logs.ndjson.line', { n: i + 1 });
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch (error) {
      // A download cut short leaves a partial last line: keep what came before it.
      if (i === lines.length - 1 && header) {
        warn(ctx, 'logs.ndjson.incomplete', { where, count: pending.length });
        break;
      }
      fail('logs.ndjson.notJson', { where, reason: rawText((error as Error).message) });
    }
    if (!isRecord(line)) fail('logs.ndjson.notObject', { where, kind: typeText(line) });
    if (!header) {
      if (line.type !== NDJSON_TYPE) fail('logs.ndjson.noHeader', { where, type: NDJSON_TYPE });
      if (typeof line.version !== 'number' || line.version > FRAMELINE_FORMAT_VERSION) {
        fail('logs.ndjson.version', { where, value: valueText(line.version), supported: FRAMELINE_FORMAT_VERSION });
      }
      header = line;
      continue;
    }
    if (line.type === 'connection') {
      const connection = readConnection(line, where, ctx);
      if (!byId.has(line.id as string)) connections.push(connection);
      byId.set(line.id as string, connection);
      const handshake = readHandshake(line.handshake);
      if (handshake) handshakes[connection.id] = handshake;
    } else if (line.type === 'message') {
      if (typeof line.conn !== 'string') fail('logs.ndjson.notString', { where, field: 'conn' });
      let connection = byId.get(line.conn);
      if (!connection) {
        // Lines filtered with grep may lose their connection line: rebuild a minimal one.
        orphans++;
        connection = createImportedConnection(createImportedId(ctx.prefix, line.conn), typeof line.url === 'string' ? line.url : '', typeof line.timeMs === 'number' ? line.timeMs : 0, {});
        connections.push(connection);
        byId.set(line.conn, connection);
      }
      pending.push(readMessage(line, where, connection.id, i));
    }
    // Other line types are reserved for later versions and skipped.
  }
  if (!header) fail('logs.empty');
  if (orphans > 0) warn(ctx, 'logs.ndjson.orphans', { count: orphans });

  const messages = createMessageList(pending);
  // Counters missing from the file (-1 above) are recomputed from the messages.
  const byConn = new Map<string, SessionMessage[]>();
  for (const m of messages) {
    const list = byConn.get(m.connId) ?? [];
    list.push(m);
    byConn.set(m.connId, list);
  }
  for (const c of connections) {
    if (c.sent.count < 0 || c.received.count < 0) Object.assign(c, countTraffic(byConn.get(c.id) ?? []));
  }
  return {
    connections,
    messages,
    handshakes,
    source: withoutUndefined({
      kind: 'imported' as const,
      format: 'frameline-ndjson' as const,
      creator: isRecord(header.creator) ? `${String(header.creator.name ?? '')} ${String(header.creator.version ?? '')}`.trim() : undefined,
      sanitized: typeof header.sanitized === 'boolean' ? header.sanitized : undefined,
    }),
  };
}
