/**
 * Deep capture (Chrome): turns the Chrome DevTools Protocol's `Network.webSocket*` events of one
 * debugger target (a dedicated, shared or service worker) into Frameline's connections and
 * messages. Pure: `extension/background/deep-capture.ts` attaches `chrome.debugger` and hands
 * every event of a worker's session here.
 *
 * What CDP gives, verified in Chromium 156 (docs/ARCHITECTURE.md, "Deep capture"):
 * - `webSocketFrameSent/Received` carry whole messages (the renderer reports a message after
 *   reassembling its frames): opcode 1 with the text as is, opcode 2 with base64 of the bytes.
 *   Control frames (ping, pong, close) are not reported.
 * - `webSocketClosed` carries no close code or reason, and nothing else does: the connection
 *   closes without them.
 * - Times are a monotonic clock in seconds (`timestamp`); `webSocketWillSendHandshakeRequest`
 *   also gives `wallTime`, which ties the two clocks. Before it, `now()` stands in.
 * - Nothing says whether the page used `WebSocket` or `WebSocketStream`.
 * - A shared worker attached by target id sends no `webSocketCreated`: its sockets start at
 *   `webSocketWillSendHandshakeRequest`, which has no URL. The URL is then read from the request
 *   line of `webSocketHandshakeResponseReceived`'s `requestHeadersText` ("GET ws://host/path
 *   HTTP/1.1"); until then (or for ever, when the handshake fails) it is `ws://<Host header>/`
 *   marked with `…` as the path.
 */
import { base64ToBytes, utf8Length } from '../lib/bytes';
import type { ConnectionInfo, HttpHeader, WorkerContext } from '../protocol/records';
import type { CapturedMessage } from '../content/wire';
import { DEFAULT_SETTINGS } from '../protocol/settings';

/** What `Target.attachedToTarget` says of a target. */
export interface CdpTargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/**
 * The worker a target is, or undefined for pages and frames, and for blob: and data: workers:
 * their sockets are the page hook's (the worker hook reaches blob:/data: workers), so they are not
 * captured a second time.
 */
export function workerContextOf(target: CdpTargetInfo): WorkerContext | undefined {
  if (/^(blob|data):/i.test(target.url)) return undefined;
  switch (target.type) {
    case 'worker':
      return { kind: 'worker', scriptUrl: target.url };
    case 'shared_worker':
      return { kind: 'sharedworker', scriptUrl: target.url, shared: true };
    case 'service_worker':
      return { kind: 'serviceworker', scriptUrl: target.url, shared: true };
  }
  return undefined;
}

/** What one event changed: the connection (already updated in place), and a message if one came. */
export interface CdpSocketChange {
  connection: ConnectionInfo;
  created: boolean;
  message?: CapturedMessage;
}

export interface CdpSocketTranslator {
  /** One event of the target's session; undefined when it is not about a socket this target knows. */
  handle(method: string, params: unknown): CdpSocketChange | undefined;
}

export interface CdpSocketTranslatorOptions {
  /** The pseudo-document the target's sockets belong to: connection ids are `<docId>:<n>`. */
  docId: string;
  context: WorkerContext;
  /** Wall-clock milliseconds, for events before the clocks are tied. */
  now(): number;
  /** Payloads above this many bytes keep a prefix marked truncated, as the hook does (default the settings' default). */
  maxMessageBytes?: number;
}

/** The longest prefix of `text` within `max` UTF-8 bytes, never splitting a surrogate pair. */
function utf8Prefix(text: string, max: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const cost = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes + cost > max) break;
    bytes += cost;
    i += pair ? 2 : 1;
  }
  return text.slice(0, i);
}

type Params = Record<string, unknown>;
const isParams = (v: unknown): v is Params => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** CDP's `Headers` object as Frameline's header list (a value with several lines is several headers). */
function headerList(headers: unknown): HttpHeader[] | undefined {
  if (!isParams(headers)) return undefined;
  const list: HttpHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    for (const line of value.split('\n')) list.push({ name, value: line });
  }
  return list;
}

const headerValue = (headers: HttpHeader[] | undefined, name: string) =>
  headers?.filter((h) => h.name.toLowerCase() === name).map((h) => h.value).join(', ');

/** The initiator's stack in the shape the hook records (`fn@url:line:column`, one frame a line). */
function initiatorStack(initiator: unknown): string | undefined {
  if (!isParams(initiator) || !isParams(initiator.stack) || !Array.isArray(initiator.stack.callFrames)) return undefined;
  const lines: string[] = [];
  for (const f of initiator.stack.callFrames as unknown[]) {
    if (!isParams(f)) continue;
    // CDP counts lines and columns from 0; stacks count from 1.
    lines.push(`${str(f.functionName) ?? ''}@${str(f.url) ?? ''}:${(num(f.lineNumber) ?? 0) + 1}:${(num(f.columnNumber) ?? 0) + 1}`);
  }
  return lines.length ? lines.join('\n') : undefined;
}

export function createCdpSocketTranslator(options: CdpSocketTranslatorOptions): CdpSocketTranslator {
  const byRequest = new Map<string, ConnectionInfo>();
  let counter = 0;
  let seq = 0;
  /** Wall-clock ms minus monotonic ms, once a handshake request told both. */
  let clockOffset: number | undefined;

  const wallTime = (timestamp: unknown): number => {
    const t = num(timestamp);
    return t !== undefined && clockOffset !== undefined ? t * 1000 + clockOffset : options.now();
  };

  /** Sockets whose URL is a stand-in until the handshake response tells it. */
  const urlUnknown = new Set<string>();

  function createdAtHandshake(p: Params): CdpSocketChange | undefined {
    const requestId = str(p.requestId);
    if (requestId === undefined) return undefined;
    const request = isParams(p.request) ? p.request : {};
    const host = headerValue(headerList(request.headers), 'host') || '?';
    urlUnknown.add(requestId);
    return created({ requestId, url: `ws://${host}/…` });
  }

  function created(p: Params): CdpSocketChange | undefined {
    const requestId = str(p.requestId);
    const url = str(p.url);
    if (requestId === undefined || url === undefined || byRequest.has(requestId)) return undefined;
    const initiator = initiatorStack(p.initiator);
    const connection: ConnectionInfo = {
      id: `${options.docId}:${++counter}`,
      url,
      frameUrl: options.context.scriptUrl,
      frameId: 0,
      protocolsRequested: [],
      protocol: '',
      extensions: '',
      state: 'connecting',
      createdAt: options.now(),
      ...(initiator ? { initiator } : {}),
      api: 'WebSocket',
      context: { ...options.context },
      capturedBy: 'debugger',
      sent: { count: 0, bytes: 0 },
      received: { count: 0, bytes: 0 },
    };
    byRequest.set(requestId, connection);
    return { connection, created: true };
  }

  function frame(c: ConnectionInfo, p: Params, dir: 'send' | 'receive'): CdpSocketChange | undefined {
    const response = isParams(p.response) ? p.response : undefined;
    const opcode = num(response?.opcode);
    const data = str(response?.payloadData);
    if ((opcode !== 1 && opcode !== 2) || data === undefined) return undefined;
    const message: CapturedMessage = { connId: c.id, seq: ++seq, dir, time: wallTime(p.timestamp), size: 0, truncated: false, discarded: false };
    const max = options.maxMessageBytes ?? DEFAULT_SETTINGS.maxMessageBytes;
    if (opcode === 1) {
      message.size = utf8Length(data);
      message.text = message.size > max ? utf8Prefix(data, max) : data;
    } else {
      const bytes = base64ToBytes(data);
      message.size = bytes.byteLength;
      const kept = Math.min(bytes.byteLength, max);
      // A truncated payload keeps a copy of its prefix, not the whole decoded payload behind a view.
      message.bytes = kept < bytes.byteLength ? bytes.slice(0, kept) : bytes;
    }
    message.truncated = message.size > max;
    const counterOf = dir === 'send' ? c.sent : c.received;
    counterOf.count++;
    counterOf.bytes += message.size;
    return { connection: c, created: false, message };
  }

  return {
    handle(method, params) {
      if (!isParams(params)) return undefined;
      if (method === 'Network.webSocketCreated') return created(params);
      const requestId = str(params.requestId);
      const createdNow = method === 'Network.webSocketWillSendHandshakeRequest' && requestId !== undefined && !byRequest.has(requestId) && createdAtHandshake(params) !== undefined;
      const c = requestId === undefined ? undefined : byRequest.get(requestId);
      if (!c) return undefined;
      switch (method) {
        case 'Network.webSocketWillSendHandshakeRequest': {
          const t = num(params.timestamp);
          const wall = num(params.wallTime);
          if (t !== undefined && wall !== undefined) clockOffset = wall * 1000 - t * 1000;
          const request = isParams(params.request) ? params.request : {};
          const requestHeaders = headerList(request.headers);
          const offered = headerValue(requestHeaders, 'sec-websocket-protocol');
          if (offered) c.protocolsRequested = offered.split(',').map((s) => s.trim()).filter(Boolean);
          if (wall !== undefined) c.createdAt = wall * 1000;
          c.handshake = { ...c.handshake, requestHeaders, requestTime: wallTime(params.timestamp) };
          return { connection: c, created: createdNow };
        }
        case 'Network.webSocketHandshakeResponseReceived': {
          const response = isParams(params.response) ? params.response : {};
          const responseHeaders = headerList(response.headers);
          const status = num(response.status);
          const time = wallTime(params.timestamp);
          c.handshake = { ...c.handshake, responseHeaders, status, statusText: str(response.statusText), responseTime: time };
          const requestLine = /^GET (wss?:\/\/\S+) HTTP\//.exec(str(response.requestHeadersText) ?? '');
          if (urlUnknown.delete(requestId!) && requestLine) c.url = requestLine[1];
          if (status === 101) {
            c.state = 'open';
            c.openedAt = time;
            c.protocol = headerValue(responseHeaders, 'sec-websocket-protocol') ?? '';
            c.extensions = headerValue(responseHeaders, 'sec-websocket-extensions') ?? '';
          }
          return { connection: c, created: false };
        }
        case 'Network.webSocketFrameSent':
          return frame(c, params, 'send');
        case 'Network.webSocketFrameReceived':
          return frame(c, params, 'receive');
        case 'Network.webSocketFrameError': {
          const time = wallTime(params.timestamp);
          c.errored = true;
          c.errors = [...(c.errors ?? []), { time, text: str(params.errorMessage) ?? '' }];
          if (c.state === 'connecting') c.state = 'error';
          return { connection: c, created: false };
        }
        case 'Network.webSocketClosed': {
          c.closedAt = wallTime(params.timestamp);
          // A socket that never opened failed; CDP tells no close code or reason in any case.
          if (c.state !== 'error') c.state = c.openedAt === undefined ? 'error' : 'closed';
          byRequest.delete(requestId!);
          return { connection: c, created: false };
        }
      }
      return undefined;
    },
  };
}
