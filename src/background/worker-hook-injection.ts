/**
 * Deep capture (Chrome): how each worker target that `chrome.debugger` reaches is captured. Pure;
 * extension/background/worker-hook-injector.ts sends the commands.
 *
 * - `hook`: the worker is paused before its first line (waitForDebuggerOnStart), so
 *   `Runtime.evaluate` of the worker hook's prefix (the text the Firefox network path puts in front
 *   of the script, extension/background/worker-script-filter.ts `hookPrefix`) runs before any
 *   worker code, as in Firefox: the sockets then come through the worker hook's link (the page
 *   hook's hello/port for dedicated workers, the service worker link for service workers) with
 *   close codes, and Send / Deliver / Replay / rules work on them. Such a session gets no
 *   `Network.enable` (its sockets would be captured twice).
 * - `network`: watched through CDP's Network domain (src/background/cdp-websockets.ts): shared
 *   workers (not paused: found by a poll, already running), a worker already running when it was
 *   reached (too late for a hook: its code may have taken the native `WebSocket`), or when the
 *   hook's text is missing or its evaluation failed.
 * - `none`: pages and frames (their sockets are the page hook's), blob:/data: workers (the page
 *   hook put the worker hook in them), and a target that already has the hook (a service worker
 *   reached again through a second tab's session, or after the background restarted).
 * Verified in Chromium 156: docs/ARCHITECTURE.md, "Deep capture".
 */
import type { CdpTargetInfo } from './cdp-websockets';
import { workerContextOf } from './cdp-websockets';

export type WorkerCapture = 'hook' | 'network' | 'none';

export interface WorkerCaptureFacts {
  target: CdpTargetInfo;
  /** `Target.attachedToTarget`'s `waitingForDebugger`: paused before its first line. */
  waitingForDebugger: boolean;
  /** The target already got the hook (through another session). */
  hooked: boolean;
  /** The worker hook's prefix could be read. */
  hookAvailable: boolean;
}

export function workerCaptureOf(facts: WorkerCaptureFacts): WorkerCapture {
  const context = workerContextOf(facts.target);
  if (!context) return 'none';
  if (facts.hooked) return 'none';
  if (context.kind === 'sharedworker') return 'network';
  if (!facts.waitingForDebugger || !facts.hookAvailable) return 'network';
  return 'hook';
}

/** `Runtime.evaluate`'s parameters for the hook's prefix: a plain classic script in the worker's global scope. */
export function hookEvaluation(prefix: string): Record<string, unknown> {
  // No command-line API (`$`, `copy`... would be in scope), no promise to await, nothing to return.
  return { expression: prefix, includeCommandLineAPI: false, silent: true, awaitPromise: false, returnByValue: true };
}

/** Whether `Runtime.evaluate`'s answer says the prefix ran (it throws nothing: the hook catches its own errors). */
export function hookEvaluated(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'result' in answer && !('exceptionDetails' in answer);
}
