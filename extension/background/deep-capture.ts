/**
 * Deep capture (Chrome): the sockets of a tab's workers through `chrome.debugger`, for the origins
 * the user turned it on for in the panel (remembered in storage.local). Only the plumbing lives
 * here; what the events mean is src/background/cdp-websockets.ts, and each worker's history is a
 * pseudo-document fed to the router by src/background/debugger-feed.ts.
 *
 * Mechanism (verified in Chromium 156, docs/ARCHITECTURE.md "Deep capture"):
 * - attach to the tab and `Target.setAutoAttach({autoAttach, waitForDebuggerOnStart, flatten})`:
 *   dedicated workers (nested ones through their parent's session, so every session gets the same
 *   auto-attach), frames and the page's service worker arrive as sessions, paused; a worker gets
 *   the worker hook by `Runtime.evaluate` (worker-hook-injector.ts: its sockets then come through
 *   the page hook and the bridge, as in Firefox), or when it cannot, `Network.enable` (workers
 *   only: the page's and frames' sockets are the hook's, so they are not captured twice); then
 *   `Runtime.runIfWaitingForDebugger`, so no socket is missed.
 * - shared workers are not auto-attached through a tab: they are found with
 *   `chrome.debugger.getTargets()` (polled while a tab is attached) and attached by target id when
 *   their script has the tab's origin; found running, they are watched through the Network domain.
 * - Chrome shows its "started debugging this browser" bar while anything is attached; detaching
 *   the last target removes it. Nothing stays attached for origins that are not remembered.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createPortPair } from '../../src/protocol/port';
import type { EnvelopePort } from '../../src/protocol/endpoint';
import type { BridgeToRouter, RouterToBridge } from '../../src/protocol/messages';
import { DEEP_CAPTURE_ORIGINS_KEY, isDeepCaptureRequest, type DeepCaptureAnswer } from '../../src/protocol/deep-capture';
import { createDebuggerFeed, type DebuggerFeed } from '../../src/background/debugger-feed';
import { workerContextOf, type CdpTargetInfo } from '../../src/background/cdp-websockets';
import { createWorkerHookInjector } from './worker-hook-injector';

interface Debuggee {
  tabId?: number;
  targetId?: string;
  sessionId?: string;
}
interface TargetListing {
  id: string;
  type: string;
  url: string;
  tabId?: number;
}
interface ChromeEvent<F> {
  addListener(listener: F): void;
}
interface ChromeDebugger {
  attach(target: Debuggee, version: string): Promise<void>;
  detach(target: Debuggee): Promise<void>;
  sendCommand(target: Debuggee, method: string, params?: object): Promise<unknown>;
  getTargets(): Promise<TargetListing[]>;
  onEvent: ChromeEvent<(source: Debuggee, method: string, params?: unknown) => void>;
  onDetach: ChromeEvent<(source: Debuggee, reason: string) => void>;
}
interface ChromeWebNavigation {
  onBeforeNavigate: ChromeEvent<(details: { tabId: number; frameId: number; url: string }) => void>;
}

const chromeApi = () => (globalThis as { chrome?: { debugger?: ChromeDebugger; webNavigation?: ChromeWebNavigation } }).chrome;
const AUTO_ATTACH = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };
const SHARED_WORKER_POLL_MS = 250;
const BATCH_MS = 16;

export interface DeepCaptureOptions {
  /** Adds a pseudo-document of the tab to the router; returns the feed's end of its port. */
  addBridge(port: EnvelopePort<RouterToBridge>, sender: { tabId: number; frameId: number }): void;
}

const originOf = (url: string | undefined): string | undefined => {
  try {
    const u = new URL(url ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
};

export function startDeepCapture(options: DeepCaptureOptions): void {
  // Only a build that declares `debugger` (Chrome) has Deep capture; Firefox needs none.
  const manifest = browser.runtime.getManifest() as { permissions?: string[]; optional_permissions?: string[] };
  if (![...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])].includes('debugger')) return;
  /** Tabs the debugger is attached to, with the origin that asked for it. */
  const attachedTabs = new Map<number, string>();
  /** Feeds by the session (or `t:<targetId>` for a shared worker attached by id) whose events they get. */
  const feedsByKey = new Map<string, DebuggerFeed[]>();
  const keysByTab = new Map<number, Set<string>>();
  /** Shared workers attached by target id: which tabs see them. */
  const sharedTargets = new Map<string, Set<number>>();
  /** Targets reached through a tab's auto-attach (never attached again by id). */
  const autoAttached = new Set<string>();
  const hookInjector = createWorkerHookInjector();
  let listening = false;
  let poll: ReturnType<typeof setInterval> | undefined;

  async function rememberedOrigins(): Promise<Set<string>> {
    const stored = await browser.storage.local.get(DEEP_CAPTURE_ORIGINS_KEY);
    const list = stored[DEEP_CAPTURE_ORIGINS_KEY];
    return new Set(Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : []);
  }
  async function remember(origin: string, on: boolean): Promise<void> {
    const origins = await rememberedOrigins();
    if (on) origins.add(origin);
    else origins.delete(origin);
    await browser.storage.local.set({ [DEEP_CAPTURE_ORIGINS_KEY]: [...origins] });
  }

  function addFeed(key: string, tabId: number, target: CdpTargetInfo): void {
    const context = workerContextOf(target);
    if (!context) return;
    const [routerEnd, feedEnd] = createPortPair<unknown, unknown>();
    // frameId -1: no frame of the tab; the connection's `context` says which worker it is.
    options.addBridge(routerEnd as EnvelopePort<RouterToBridge>, { tabId, frameId: -1 });
    const feed = createDebuggerFeed(feedEnd as EnvelopePort<BridgeToRouter>, {
      target,
      context,
      now: () => Date.now(),
      schedule: (flush) => void setTimeout(flush, BATCH_MS),
    });
    feedsByKey.set(key, [...(feedsByKey.get(key) ?? []), feed]);
    let keys = keysByTab.get(tabId);
    if (!keys) keysByTab.set(tabId, (keys = new Set()));
    keys.add(key);
  }

  function closeKey(key: string): void {
    for (const feed of feedsByKey.get(key) ?? []) feed.close();
    feedsByKey.delete(key);
  }

  function forgetTab(tabId: number): void {
    attachedTabs.delete(tabId);
    for (const key of keysByTab.get(tabId) ?? []) closeKey(key);
    keysByTab.delete(tabId);
    for (const [targetId, tabs] of sharedTargets) {
      tabs.delete(tabId);
      if (tabs.size === 0) {
        sharedTargets.delete(targetId);
        closeKey(`t:${targetId}`);
        void chromeApi()?.debugger?.detach({ targetId }).catch(() => undefined);
      }
    }
    if (attachedTabs.size === 0 && poll !== undefined) {
      clearInterval(poll);
      poll = undefined;
    }
  }

  function onEvent(source: Debuggee, method: string, params: unknown): void {
    const dbg = chromeApi()?.debugger;
    if (!dbg) return;
    const p = (params ?? {}) as { sessionId?: string; targetInfo?: CdpTargetInfo; waitingForDebugger?: boolean };
    if (method === 'Target.attachedToTarget' && p.sessionId && p.targetInfo) {
      const session: Debuggee = { ...source, sessionId: p.sessionId };
      const sessionId = p.sessionId;
      const target = p.targetInfo;
      autoAttached.add(target.targetId);
      const ignore = () => undefined;
      const send = (command: string, args: object = {}) => dbg.sendCommand(session, command, args);
      // A worker paused before its first line gets the worker hook (worker-hook-injector.ts); one
      // that cannot is watched through the Network domain. Sent one after another without waiting
      // for the answers: the session runs them in order, and a paused service worker answers
      // Network.enable only once it runs (awaiting it would deadlock).
      void hookInjector
        .attached(
          send,
          target,
          p.waitingForDebugger === true,
          () => {
            if (source.tabId !== undefined && attachedTabs.has(source.tabId)) addFeed(sessionId, source.tabId, target);
            void send('Network.enable').catch(ignore);
          },
          () => {
            void send('Target.setAutoAttach', AUTO_ATTACH).catch(ignore);
            void send('Runtime.runIfWaitingForDebugger').catch(ignore);
          },
        )
        .catch(ignore);
      return;
    }
    if (method === 'Target.detachedFromTarget' && p.sessionId) {
      closeKey(p.sessionId);
      return;
    }
    if (!method.startsWith('Network.webSocket')) return;
    const key = source.sessionId ?? (source.targetId ? `t:${source.targetId}` : undefined);
    if (key) for (const feed of feedsByKey.get(key) ?? []) feed.handle(method, params);
  }

  function onDetach(source: Debuggee, reason: string): void {
    if (source.tabId !== undefined) {
      const origin = attachedTabs.get(source.tabId);
      forgetTab(source.tabId);
      // The user pressed Cancel on Chrome's bar: that turns Deep capture off for the origin.
      if (reason === 'canceled_by_user' && origin) void remember(origin, false);
    } else if (source.targetId) {
      sharedTargets.delete(source.targetId);
      closeKey(`t:${source.targetId}`);
    }
  }

  function listen(): ChromeDebugger | undefined {
    const dbg = chromeApi()?.debugger;
    if (dbg && !listening) {
      listening = true;
      dbg.onEvent.addListener(onEvent);
      dbg.onDetach.addListener(onDetach);
    }
    return dbg;
  }

  async function pollSharedWorkers(): Promise<void> {
    const dbg = chromeApi()?.debugger;
    if (!dbg || attachedTabs.size === 0) return;
    for (const t of await dbg.getTargets()) {
      // getTargets names shared and service workers both `worker`; dedicated ones are `other`.
      if (t.type !== 'worker' || autoAttached.has(t.id) || sharedTargets.has(t.id)) continue;
      const origin = originOf(t.url);
      const tabs = [...attachedTabs].filter(([, o]) => o === origin).map(([tabId]) => tabId);
      if (!origin || tabs.length === 0) continue;
      sharedTargets.set(t.id, new Set(tabs));
      try {
        await dbg.attach({ targetId: t.id }, '1.3');
        const info = ((await dbg.sendCommand({ targetId: t.id }, 'Target.getTargetInfo', {})) as { targetInfo?: CdpTargetInfo } | undefined)?.targetInfo;
        const target: CdpTargetInfo = { targetId: t.id, type: info?.type ?? 'shared_worker', url: t.url };
        for (const tabId of tabs) addFeed(`t:${t.id}`, tabId, target);
        await dbg.sendCommand({ targetId: t.id }, 'Network.enable', {});
      } catch {
        // Gone meanwhile, or busy (another attach of this extension): tried again at the next poll.
        sharedTargets.delete(t.id);
        closeKey(`t:${t.id}`);
      }
    }
  }

  async function attachTab(tabId: number, origin: string): Promise<void> {
    const dbg = listen();
    if (!dbg) throw new Error('chrome.debugger is not available (the debugger permission is missing)');
    if (attachedTabs.has(tabId)) {
      attachedTabs.set(tabId, origin);
      return;
    }
    attachedTabs.set(tabId, origin);
    try {
      await dbg.attach({ tabId }, '1.3').catch(async (err: unknown) => {
        // Still attached from before a service-worker restart: start over with fresh sessions.
        if (!String(err).includes('already attached')) throw err;
        await dbg.detach({ tabId }).catch(() => undefined);
        await dbg.attach({ tabId }, '1.3');
      });
      await dbg.sendCommand({ tabId }, 'Target.setAutoAttach', AUTO_ATTACH);
    } catch (err) {
      forgetTab(tabId);
      throw err;
    }
    poll ??= setInterval(() => void pollSharedWorkers().catch(() => undefined), SHARED_WORKER_POLL_MS);
  }

  async function detachTab(tabId: number): Promise<void> {
    if (!attachedTabs.has(tabId)) return;
    forgetTab(tabId);
    await chromeApi()?.debugger?.detach({ tabId }).catch(() => undefined);
  }

  /** A tab goes to `url`: attach when its origin is remembered, detach when it leaves one. */
  async function follow(tabId: number, url: string): Promise<void> {
    const origin = originOf(url);
    const on = origin !== undefined && (await rememberedOrigins()).has(origin);
    if (on) await attachTab(tabId, origin).catch(() => undefined);
    else await detachTab(tabId);
  }

  async function answer(tabId: number, on: boolean | undefined): Promise<DeepCaptureAnswer> {
    const tab = await browser.tabs.get(tabId);
    const origin = originOf(tab.url);
    if (!origin) return { on: false, origin: '' };
    if (on === true) {
      try {
        await attachTab(tabId, origin);
      } catch (err) {
        return { on: false, origin, failed: err instanceof Error ? err.message : String(err) };
      }
      await remember(origin, true);
    } else if (on === false) {
      await remember(origin, false);
      for (const [other, o] of [...attachedTabs]) if (o === origin) await detachTab(other);
    }
    return { on: attachedTabs.has(tabId) || (on === undefined && (await rememberedOrigins()).has(origin)), origin };
  }

  // Listeners at top level, so an event that wakes the worker reaches them.
  listen();
  const navigation = chromeApi()?.webNavigation;
  if (navigation) {
    // Before the request goes out, so the new document's workers start under the debugger.
    navigation.onBeforeNavigate.addListener(({ tabId, frameId, url }) => {
      if (frameId === 0) void follow(tabId, url);
    });
  } else {
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.url) void follow(tabId, change.url);
    });
  }
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isDeepCaptureRequest(message)) return undefined;
    // Only the extension's own pages (the panel) may turn the debugger on.
    if (sender.url === undefined || !sender.url.startsWith(browser.runtime.getURL(''))) return undefined;
    return answer(message.tabId, message.on);
  });
  // After a restart of this worker: tabs already on a remembered origin are attached again.
  void (async () => {
    if (!chromeApi()?.debugger) return;
    const origins = await rememberedOrigins();
    if (origins.size === 0) return;
    for (const tab of await browser.tabs.query({})) {
      const origin = originOf(tab.url);
      if (tab.id !== undefined && origin && origins.has(origin)) await attachTab(tab.id, origin).catch(() => undefined);
    }
  })();
}
