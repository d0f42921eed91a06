/**
 * Deep capture (Chrome): puts the worker hook into each worker `chrome.debugger` reaches paused,
 * before its first line, with `Runtime.evaluate` of the same prefix the Firefox network path puts
 * in front of the script (extension/background/worker-script-filter.ts), then lets it run. What
 * each target gets is decided by src/background/worker-hook-injection.ts; a worker that cannot
 * get the hook is watched through the Network domain instead (`watch`).
 *
 * Verified in Chromium 156 (docs/ARCHITECTURE.md, "Deep capture"): the evaluation runs before the
 * worker's own script (a socket opened by its first line is the hook's), `self.location` is the
 * worker's own, and a paused worker (dedicated, nested, service) answers `Runtime.evaluate` before
 * `Runtime.runIfWaitingForDebugger`, so the answer can be awaited.
 */
import browser from 'webextension-polyfill';
import { hookPrefix, WORKER_HOOK_PATH } from './worker-script-filter';
import { workerContextOf, type CdpTargetInfo } from '../../src/background/cdp-websockets';
import { hookEvaluated, hookEvaluation, workerCaptureOf, type WorkerCapture } from '../../src/background/worker-hook-injection';

/** Sends one CDP command to the target's session. */
export type SessionSend = (method: string, params?: object) => Promise<unknown>;

export interface WorkerHookInjector {
  /**
   * A target was just attached (`Target.attachedToTarget`): gives it the hook or has it watched
   * (`watch` adds its feed and sends `Network.enable`), then sends `after` (auto-attach, run) in
   * order. Returns how it is captured.
   */
  attached(send: SessionSend, target: CdpTargetInfo, waitingForDebugger: boolean, watch: () => void, after: () => void): Promise<WorkerCapture>;
}

/**
 * Targets that got the hook, kept across restarts of the background (not of the browser: targets
 * end with it). A session's end says nothing of its target (a service worker is reached through
 * every tab it serves), so the oldest ids go only past HOOKED_LIMIT (ids are never reused).
 */
const HOOKED_KEY = 'deepCaptureHookedTargets';
const HOOKED_LIMIT = 4096;

interface SessionStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}
const sessionStorage = (): SessionStorage | undefined => (globalThis as { chrome?: { storage?: { session?: SessionStorage } } }).chrome?.storage?.session;

export function createWorkerHookInjector(): WorkerHookInjector {
  // Read once; a build without the worker hook falls back to the Network domain for every worker.
  let prefix: string | undefined;
  const prefixReady: Promise<void> = fetch(browser.runtime.getURL(WORKER_HOOK_PATH))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
    .then(
      (source) => void (prefix = hookPrefix(source)),
      () => undefined,
    );
  const hooked = new Set<string>();
  const hookedReady: Promise<void> = (async () => {
    const stored = await sessionStorage()
      ?.get(HOOKED_KEY)
      .catch(() => undefined);
    const list = stored?.[HOOKED_KEY];
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') hooked.add(id);
  })();
  const save = () => void sessionStorage()?.set({ [HOOKED_KEY]: [...hooked] }).catch(() => undefined);

  return {
    async attached(send, target, waitingForDebugger, watch, after) {
      const ignore = () => undefined;
      if (!workerContextOf(target)) {
        after();
        return 'none';
      }
      // A paused worker waits while these are read (only the first time).
      await Promise.all([prefixReady, hookedReady]);
      const capture = workerCaptureOf({ target, waitingForDebugger, hooked: hooked.has(target.targetId), hookAvailable: prefix !== undefined });
      if (capture === 'hook') {
        // Marked before the evaluation, so a second session reaching the same worker meanwhile leaves it alone.
        hooked.add(target.targetId);
        if (hooked.size > HOOKED_LIMIT) hooked.delete(hooked.values().next().value!);
        const evaluation = send('Runtime.evaluate', hookEvaluation(prefix!)).catch(ignore);
        // A paused service worker answers only once it runs (as with Network.enable): the session
        // runs the commands in order, so the evaluation still comes before its script.
        const answersPaused = target.type !== 'service_worker';
        if (!answersPaused) after();
        if (hookEvaluated(await evaluation)) {
          save();
          if (answersPaused) after();
          return 'hook';
        }
        hooked.delete(target.targetId);
        if (!answersPaused) {
          watch();
          return 'network';
        }
      }
      if (capture !== 'none') watch();
      after();
      return capture === 'none' ? 'none' : 'network';
    },
  };
}
