/**
 * Deep capture's stand-in for a bridge: one per debugger target (worker), keeping that worker's
 * socket history in the background and speaking the bridge's side of the router protocol over an
 * in-memory port, so the router pairs it with the tab's panels like any frame (a pseudo-document
 * whose id is `cdp-<targetId>`; `router.addBridge` with the tab's id).
 *
 * History is bounded like a document's (`createDocumentHistory`). Socket commands (Send, Deliver
 * to page, Replay) are refused with `debuggerCapture`: CDP's Network domain can only watch a
 * worker's socket. Interception and breakpoints never reach these sockets for the same reason.
 * Only workers that cannot get the worker hook are watched this way (shared workers, found
 * running; src/background/worker-hook-injection.ts).
 */
import { createEndpoint, type EnvelopePort } from '../protocol/endpoint';
import { routerToBridgeGuards } from '../protocol/guards';
import type { BridgeToRouter } from '../protocol/messages';
import type { ConnectionInfo, WorkerContext } from '../protocol/records';
import { createDocumentHistory, type HistoryLimits } from '../content/document-history';
import { toWireConnection, toWireMessage, type CapturedMessage } from '../content/wire';
import { splitTraffic } from '../content/traffic-envelopes';
import { createCdpSocketTranslator, type CdpTargetInfo } from './cdp-websockets';

export const DEBUGGER_COMMAND_REFUSED =
  'Captured through Chrome\'s debugger (Deep capture): Frameline can watch this worker\'s socket but not send, deliver or replay on it.';

export interface DebuggerFeed {
  readonly docId: string;
  /** One CDP event of the target's session. */
  handle(method: string, params: unknown): void;
  /** The target went away or Deep capture stopped: the pseudo-document leaves the router. */
  close(): void;
}

export interface DebuggerFeedOptions {
  target: CdpTargetInfo;
  context: WorkerContext;
  now(): number;
  /** Runs `flush` soon (a 16 ms timer in the extension; batches like a bridge's). */
  schedule(flush: () => void): void;
  limits?: HistoryLimits;
  /** Payloads above this many bytes keep a prefix marked truncated (the settings' maxMessageBytes). */
  maxMessageBytes?: number;
}

export function createDebuggerFeed(port: EnvelopePort<BridgeToRouter>, options: DebuggerFeedOptions): DebuggerFeed {
  const docId = `cdp-${options.target.targetId}`;
  const history = createDocumentHistory(options.limits ? { limits: options.limits } : {});
  const translator = createCdpSocketTranslator({ docId, context: options.context, now: options.now, maxMessageBytes: options.maxMessageBytes });
  const router = createEndpoint(port, routerToBridgeGuards);
  const frameUrl = options.context.scriptUrl;
  let watching = false;
  let closed = false;
  let flushPending = false;
  const changed = new Map<string, ConnectionInfo>();
  let fresh: CapturedMessage[] = [];

  function flush(): void {
    flushPending = false;
    if (closed || !watching || (changed.size === 0 && fresh.length === 0)) return;
    // In envelopes the panel's runtime port accepts (Chrome refuses messages over 64 MiB of JSON).
    const traffic = { docId, frameUrl, connections: Array.from(changed.values(), toWireConnection), messages: fresh.map(toWireMessage), dropped: history.dropped };
    for (const part of splitTraffic(traffic)) router.post('batch', part);
    changed.clear();
    fresh = [];
  }

  router.on('watch', ({ on }) => {
    watching = on;
    changed.clear();
    fresh = [];
    if (on) for (const part of splitTraffic({ docId, frameUrl, ...history.snapshot(), dropped: history.dropped })) router.post('snapshot', part);
  });
  router.on('command', (command) => {
    router.post('results', { results: [{ ref: command.ref, ok: false, error: DEBUGGER_COMMAND_REFUSED, failure: { code: 'debuggerCapture' } }] });
  });
  router.on('clear', () => history.clear());
  router.post('hello', { docId, frameUrl, top: false });

  return {
    docId,
    handle(method, params) {
      if (closed) return;
      const change = translator.handle(method, params);
      if (!change) return;
      if (change.created) history.addConnection(change.connection);
      if (change.message) history.addMessage(change.message);
      if (!watching) return;
      changed.set(change.connection.id, change.connection);
      if (change.message) fresh.push(change.message);
      if (!flushPending) {
        flushPending = true;
        options.schedule(flush);
      }
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      port.disconnect();
    },
  };
}
