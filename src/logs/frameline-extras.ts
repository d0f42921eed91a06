/**
 * Frameline's own fields (`_frameline` in HAR, the connection lines of NDJSON): written from a
 * session by the exporters, read back leniently by the importers (a field of the wrong type is
 * ignored, the caller falls back to what the standard fields say).
 */
import { base64ByteLength, utf8Length } from '../lib/bytes';
import { isRecord, withoutUndefined } from '../lib/objects';
import { CONNECTION_FIELDS } from '../protocol/records';
import { readInterceptMarks } from '../protocol/intercept';
import type { ExportContext } from './export-context';
import type {
  ConnectionError,
  EveryField,
  FramelineConnectionField,
  FramelineEntryExtras,
  FramelineMessageExtras,
  MessageMarks,
  SessionConnection,
  SessionMessage,
} from './types';

const NOT_IN_FRAMELINE_EXTRAS: ReadonlySet<string> = new Set(['url', 'handshake', 'source']);
/** The connection fields of `_frameline`, in the order files write them (see FramelineConnectionField). */
const FRAMELINE_CONNECTION_FIELDS = CONNECTION_FIELDS.filter((f) => !NOT_IN_FRAMELINE_EXTRAS.has(f)) as readonly FramelineConnectionField[];

/** Bytes `data` stands for: UTF-8 length of text, decoded length of base64 (padding optional). */
function dataByteLength(opcode: number, data: string): number {
  return opcode === 2 ? base64ByteLength(data) : utf8Length(data);
}

export function createFramelineEntryExtras(
  c: SessionConnection,
  ctx: ExportContext,
  handshakeKnown: boolean,
): FramelineEntryExtras {
  // Every field spelled out: a new one must be decided on here (may it hold a URL or a token?).
  const extras: EveryField<FramelineEntryExtras> = {
    id: c.id,
    frameUrl: ctx.url(c.frameUrl ?? ''),
    frameId: c.frameId,
    protocolsRequested: [...(c.protocolsRequested ?? [])],
    protocol: c.protocol ?? '',
    extensions: c.extensions ?? '',
    state: c.state,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    closeCode: c.closeCode,
    closeReason: c.closeReason === undefined ? undefined : ctx.note(c.closeReason),
    wasClean: c.wasClean,
    errored: c.errored,
    errors: c.errors?.length ? c.errors.map((e) => ({ time: e.time, text: ctx.note(e.text) })) : undefined,
    initiator: c.initiator === undefined ? undefined : ctx.note(c.initiator),
    api: c.api,
    // The serving's id: which saved conversation answered this socket (no page data).
    served: c.served,
    capturedBy: c.capturedBy,
    sent: { count: c.sent?.count ?? 0, bytes: c.sent?.bytes ?? 0 },
    received: { count: c.received?.count ?? 0, bytes: c.received?.bytes ?? 0 },
    handshake: handshakeKnown ? true : undefined,
    context: c.context ? { kind: c.context.kind, scriptUrl: ctx.url(c.context.scriptUrl), ...(c.context.shared ? { shared: true } : {}) } : undefined,
  };
  return withoutUndefined(extras as FramelineEntryExtras);
}

/** `data` is what the file will hold for `m` (possibly redacted). Built key by key: hot path. */
export function createFramelineMessageExtras(m: SessionMessage, data: string): FramelineMessageExtras {
  const extras: FramelineMessageExtras = { seq: m.seq };
  if (m.size !== dataByteLength(m.opcode, data)) extras.size = m.size;
  if (m.truncated) extras.truncated = true;
  if (m.discarded) extras.discarded = true;
  if (m.injected) extras.injected = true;
  if (m.replayed) extras.replayed = true;
  if (m.edited) extras.edited = true;
  if (typeof m.rule === 'string') extras.rule = m.rule;
  if (m.rules?.length) extras.rules = m.rules;
  if (m.rewritten) extras.rewritten = true;
  if (m.blocked) extras.blocked = true;
  if (m.dropped) extras.dropped = true;
  if (m.delayedMs) extras.delayedMs = m.delayedMs;
  if (m.autoReply) extras.autoReply = true;
  if (m.inReplyTo !== undefined) extras.inReplyTo = m.inReplyTo;
  return extras;
}

// ------------------------------------------------------------------------------------ reading

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const STATES = new Set(['connecting', 'open', 'closing', 'closed', 'error']);

function counter(v: unknown): { count: number; bytes: number } | undefined {
  return isRecord(v) && num(v.count) !== undefined && num(v.bytes) !== undefined ? { count: v.count as number, bytes: v.bytes as number } : undefined;
}

function errors(v: unknown): ConnectionError[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((e) => isRecord(e) && num(e.time) !== undefined && typeof e.text === 'string') as ConnectionError[];
  return out.map((e) => ({ time: e.time, text: e.text }));
}

const protocolList = (v: unknown) => (Array.isArray(v) && v.every((p) => typeof p === 'string') ? (v as string[]).slice() : undefined);

/** How each connection field of `_frameline` is read: its value when well typed, else undefined. */
const READ_CONNECTION_FIELD: { [K in FramelineConnectionField]: (v: unknown) => FramelineEntryExtras[K] | undefined } = {
  id: str,
  frameUrl: str,
  frameId: num,
  protocolsRequested: protocolList,
  protocol: str,
  extensions: str,
  state: (v) => (STATES.has(v as string) ? (v as FramelineEntryExtras['state']) : undefined),
  createdAt: num,
  openedAt: num,
  closedAt: num,
  closeCode: num,
  closeReason: str,
  wasClean: bool,
  errored: bool,
  errors,
  initiator: str,
  api: (v) => (v === 'WebSocket' || v === 'WebSocketStream' ? v : undefined),
  served: str,
  capturedBy: (v) => (v === 'debugger' ? v : undefined),
  sent: counter,
  received: counter,
  context: (v) =>
    isRecord(v) && (v.kind === 'worker' || v.kind === 'sharedworker' || v.kind === 'serviceworker') && typeof v.scriptUrl === 'string'
      ? { kind: v.kind, scriptUrl: v.scriptUrl, ...(v.shared === true ? { shared: true } : {}) }
      : undefined,
};

/** The correctly typed fields of a `_frameline` entry object (others dropped), or undefined. */
export function readFramelineEntryExtras(value: unknown): Partial<FramelineEntryExtras> | undefined {
  if (!isRecord(value)) return undefined;
  const extras: Partial<Record<keyof FramelineEntryExtras, unknown>> = {};
  for (const field of FRAMELINE_CONNECTION_FIELDS) {
    const read = READ_CONNECTION_FIELD[field](value[field]);
    if (read !== undefined) extras[field] = read;
  }
  if (value.handshake === true) extras.handshake = true;
  return extras as Partial<FramelineEntryExtras>;
}

export interface MessageExtrasRead extends MessageMarks {
  seq?: number;
  size?: number;
  truncated?: boolean;
  discarded?: boolean;
}

/** The correctly typed marks of a message's `_frameline` object (NDJSON lines use the same keys). */
export function readFramelineMessageExtras(value: unknown): MessageExtrasRead {
  if (!isRecord(value)) return {};
  return withoutUndefined<MessageExtrasRead>({
    seq: num(value.seq),
    size: num(value.size),
    truncated: value.truncated === true ? true : undefined,
    discarded: value.discarded === true ? true : undefined,
    // Marks of the wrong type are left out rather than failing the import.
    ...readInterceptMarks(value),
  });
}
