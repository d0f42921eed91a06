/**
 * Chromium driven over a bare Chrome DevTools Protocol connection, for measurements.
 *
 * Why not Playwright or Puppeteer (which the e2e harness uses): both send `Network.enable` to
 * every page they attach to, and Playwright also subscribes to `Network.webSocketFrameReceived`.
 * With the Network domain on, the renderer reports every WebSocket frame to the DevTools client
 * (that is exactly the cost the "CDP Network domain" configuration measures), so a page driven by
 * them would pay DevTools' cost in every configuration. Here the only domains enabled are the
 * ones asked for (`Performance` for metrics; `Network` only in that configuration).
 *
 * Launch flags are the harness's (`chromiumArgs`), plus the usual switches that keep Chromium
 * from throttling windows it considers in the background; every configuration gets the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_PATH } from '../../scripts/ensure-browsers.mjs';
import { chromiumArgs } from '../../tests/e2e/harness/chromium';

type Listener = (params: any) => void;

export class CdpConnection {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();
  private listeners = new Map<string, Set<Listener>>();
  /** Events nobody listens to are counted, not parsed (the Network domain sends hundreds of thousands). */
  ignoredEvents = 0;
  ignoredEventBytes = 0;

  constructor(private ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      // Responses start with {"id":..., events with {"method":"...". Events nobody listens to are
      // counted from their first bytes, never decoded (the Network domain sends one per frame).
      if (data[2] === 0x6d /* m */) {
        const head = data.subarray(0, 128).toString('latin1');
        const method = head.startsWith('{"method":"') ? head.slice(11, head.indexOf('"', 11)) : '';
        if (method && !this.hasListener(method)) {
          this.ignoredEvents++;
          this.ignoredEventBytes += data.length;
          return;
        }
      }
      const text = data.toString('utf8');
      const message = JSON.parse(text);
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message} ${message.error.data ?? ''}`));
        else waiter.resolve(message.result);
      } else {
        for (const key of [`${message.sessionId ?? ''}|${message.method}`, `*|${message.method}`]) {
          for (const fn of this.listeners.get(key) ?? []) fn(message.params);
        }
      }
    });
    ws.on('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${waiter.method}: connection closed`));
      this.pending.clear();
    });
  }

  private hasListener(method: string): boolean {
    for (const key of this.listeners.keys()) if (key.endsWith(`|${method}`)) return true;
    return false;
  }

  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    });
  }

  /** sessionId '*' listens on every session. */
  on(method: string, sessionId: string, fn: Listener): () => void {
    const key = `${sessionId}|${method}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  close(): void {
    this.ws.close();
  }
}

export interface CdpPage {
  targetId: string;
  sessionId: string;
  send<T = any>(method: string, params?: object): Promise<T>;
  /** Evaluates a JavaScript expression in the page's main world; promises are awaited. */
  evaluate<T = any>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy; returns its value. */
  waitFor<T = any>(expression: string, timeoutMs?: number, what?: string): Promise<T>;
  /** Navigates and waits until the new document has loaded. */
  goto(url: string, timeoutMs?: number): Promise<void>;
  /** Performance.getMetrics as a name -> value map (needs `enableMetrics` first). */
  metrics(): Promise<Record<string, number>>;
  enableMetrics(): Promise<void>;
  close(): Promise<void>;
}

export interface ChromiumBrowser {
  conn: CdpConnection;
  /** Pid of the browser process (root of the process tree). */
  pid: number;
  version: string;
  extensionId?: string;
  extensionOrigin?: string;
  /** A new page in its own window (so it is visible and never throttled as a background tab). */
  newPage(url?: string): Promise<CdpPage>;
  /** Extension tab id of the tab showing exactly `url` (asked from an extension page). */
  tabIdOf(url: string): Promise<number>;
  /** Opens panel.html?tabId=N for the tab showing `url`, in its own window. */
  openPanel(url: string): Promise<CdpPage>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Unpacked extension to load; none = plain browser. */
  extensionDir?: string;
  args?: string[];
}

const PLAIN_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const NO_THROTTLING = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--no-default-browser-check'];

export async function launchChromiumCdp(options: LaunchOptions = {}): Promise<ChromiumBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'frameline-bench-chromium-'));
  const base = options.extensionDir ? chromiumArgs(resolve(options.extensionDir)) : PLAIN_ARGS;
  const args = [...base, ...NO_THROTTLING, '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, ...(options.args ?? []), 'about:blank'];
  const proc: ChildProcess = spawn(CHROMIUM_PATH, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  let exited = false;
  proc.on('exit', () => (exited = true));

  const cleanup = async () => {
    if (!exited) {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), sleep(5000)]);
      if (!exited) proc.kill('SIGKILL');
    }
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };

  try {
    const endpoint = await poll(15_000, async () => {
      if (exited) throw new Error('chromium exited at launch');
      const text = await readFile(join(userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
      const [port, path] = text.split('\n');
      return port && path ? `ws://127.0.0.1:${port.trim()}${path.trim()}` : undefined;
    }, 'DevToolsActivePort');
    const ws = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 1024 * 1024 * 1024 });
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
    });
    const conn = new CdpConnection(ws);
    const version = (await conn.send<{ product: string }>('Browser.getVersion')).product;

    let extensionId: string | undefined;
    if (options.extensionDir) {
      extensionId = await poll(15_000, async () => {
        const { targetInfos } = await conn.send<{ targetInfos: Array<{ type: string; url: string }> }>('Target.getTargets');
        const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
        return sw ? new URL(sw.url).host : undefined;
      }, "the extension's service worker");
    }
    const extensionOrigin = extensionId ? `chrome-extension://${extensionId}` : undefined;

    const newPage = async (url = 'about:blank'): Promise<CdpPage> => {
      const { targetId } = await conn.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', newWindow: true });
      const { sessionId } = await conn.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const page = createPage(conn, targetId, sessionId);
      if (url !== 'about:blank') await page.goto(url);
      return page;
    };

    const tabIdOf = async (url: string): Promise<number> => {
      if (!extensionOrigin) throw new Error('no extension loaded');
      const helper = await newPage(`${extensionOrigin}/panel.html`);
      try {
        return await helper.waitFor(
          `chrome.tabs.query({}).then((tabs) => { const hits = tabs.filter((t) => t.url === ${JSON.stringify(url)}); return hits.length === 1 ? hits[0].id : undefined; })`,
          10_000,
          `the tab of ${url}`,
        );
      } finally {
        await helper.close();
      }
    };

    return {
      conn,
      pid: proc.pid!,
      version,
      extensionId,
      extensionOrigin,
      newPage,
      tabIdOf,
      async openPanel(url) {
        const tabId = await tabIdOf(url);
        return newPage(`${extensionOrigin}/panel.html?tabId=${tabId}`);
      },
      async close() {
        await conn.send('Browser.close').catch(() => undefined);
        conn.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function createPage(conn: CdpConnection, targetId: string, sessionId: string): CdpPage {
  const send = <T = any>(method: string, params: object = {}) => conn.send<T>(method, params, sessionId);
  const evaluate = async <T = any>(expression: string): Promise<T> => {
    const result = await send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) throw new Error(`in page: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`);
    return result.result.value as T;
  };
  return {
    targetId,
    sessionId,
    send,
    evaluate,
    waitFor: (expression, timeoutMs = 15_000, what = expression) => poll(timeoutMs, async () => (await evaluate(expression).catch(() => undefined)) || undefined, what),
    async goto(url, timeoutMs = 20_000) {
      await send('Page.navigate', { url });
      await poll(timeoutMs, async () => (await evaluate(`location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`).catch(() => false)) || undefined, `load of ${url}`);
    },
    async enableMetrics() {
      // threadTicks: task durations are measured in the main thread's CPU time, not wall time.
      await send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => send('Performance.enable'));
    },
    async metrics() {
      const { metrics } = await send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics');
      return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
    },
    async close() {
      await conn.send('Target.closeTarget', { targetId }).catch(() => undefined);
    },
  };
}

export async function poll<T>(timeoutMs: number, check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && (value as unknown) !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
