/**
 * Shared helpers of the capture e2e tests (tests/e2e/capture/*.e2e.ts): read the panel the way a
 * user does (its named grids, rows and details panes, never the store) and compare what it shows
 * with what the test server logged on the wire.
 *
 * `readPanel` reads everything in one round trip: for each connection row it clicks the row,
 * reads the "Connection details" pane (no message selected), then scrolls through the virtual
 * "Messages" grid and clicks every row to read its "Message details". One evaluate instead of
 * one per click keeps the tests at a few seconds even with hundreds of messages.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type FrameRecord, type TestServer } from '../harness/ws-server';

export interface PanelMessage {
  dir: 'send' | 'receive';
  seq: number;
  /** The row's accessible name, e.g. "sent 12:00:00.000 5 B text: hello". */
  label: string;
  /** data-bytes of the size cell: the message's whole size. */
  size: number;
  /** Text of the size cell as shown ("5.0 MB"). */
  sizeText: string;
  /** Text of the type cell, e.g. "binary (truncated)". */
  type: string;
  preview: string;
  /**
   * Details pane, when read: the facts, and the whole kept payload from the Text view (text
   * messages; 'json' when it pretty-prints them) or the Base64 view (binary ones).
   */
  detail?: { kind: 'text' | 'json' | 'base64'; payload: string; facts: Record<string, string>; more: string };
}

export interface PanelConnection {
  id: string;
  url: string;
  /** Frame column as shown ("top" or host/path). */
  frame: string;
  frameUrl: string;
  state: string;
  protocol: string;
  close: string;
  sent: string;
  received: string;
  /** "Connection details" facts, name -> value (only with `connectionDetails`). */
  facts?: Record<string, string>;
  requestHeaders?: [string, string][];
  responseHeaders?: [string, string][];
  messages?: PanelMessage[];
}

export interface ReadOptions {
  /** Read the messages of each connection (default true). */
  messages?: boolean;
  /** Click each message and read its details pane (default true). */
  details?: boolean;
  /** Read each connection's details pane (default false). */
  connectionDetails?: boolean;
  /**
   * Click "Show all" in a payload view that offers it (default true). Without it, a view shows
   * the first 256 K characters and the button says how many more there are (`detail.more`).
   */
  showAll?: boolean;
  /** Only connections whose URL contains this string. */
  urlContains?: string;
}

/** Everything the panel shows, connection by connection. */
export async function readPanel(panel: TestPage, options: ReadOptions = {}): Promise<PanelConnection[]> {
  const opts = { messages: true, details: true, connectionDetails: false, showAll: true, urlContains: '', ...options };
  // A background tab gets no animation frames and no scroll events, and Firefox slows its timers
  // to one a second: the virtual list would not follow the scrolling. Read it in front.
  await bringToFront(panel);
  return panel.evaluate(async (o) => {
    // Hidden tabs get no animation frames; a timer backs the frame up.
    const frame = () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => setTimeout(resolve, 0));
        setTimeout(resolve, 50);
      });
    const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
    const connGrid = document.querySelector('[role="grid"][aria-label="Connections"]');
    const msgGrid = document.querySelector('[role="grid"][aria-label="Messages"]');
    if (!connGrid || !msgGrid) throw new Error('panel grids not found');
    // The message grid is its own scroller.
    const scroller = (msgGrid.matches('.scroll') ? msgGrid : msgGrid.querySelector('.scroll')) as HTMLElement;

    const readDl = (root: Element | null): Record<string, string> => {
      const facts: Record<string, string> = {};
      if (!root) return facts;
      for (const dt of root.querySelectorAll('dl.facts > dt')) {
        const dd = dt.nextElementSibling;
        facts[dt.getAttribute('data-field') ?? dt.textContent ?? ''] = dd?.textContent ?? '';
      }
      for (const dd of root.querySelectorAll('dl.facts > dd[data-field]')) facts[dd.getAttribute('data-field')!] = dd.textContent ?? '';
      return facts;
    };
    const readHeaders = (root: Element | null, name: string): [string, string][] => {
      const table = root?.querySelector(`table[aria-label="${name}"]`);
      if (!table) return [];
      return [...table.querySelectorAll('tr')].map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? ''] as [string, string]);
    };

    const out: any[] = [];
    const rows = [...connGrid.querySelectorAll('[role="row"][data-conn-id]')];
    for (const row of rows) {
      const cell = (name: string) => row.querySelector(`[data-col="${name}"]`)?.textContent ?? '';
      const conn: any = {
        id: row.getAttribute('data-conn-id')!,
        url: cell('url'),
        frame: row.querySelector('[data-col="frame"]')?.firstChild?.textContent ?? '',
        frameUrl: cell('frame-url'),
        state: cell('state'),
        protocol: cell('protocol'),
        close: cell('close'),
        sent: cell('sent'),
        received: cell('received'),
      };
      out.push(conn);
      if (o.urlContains && !conn.url.includes(o.urlContains)) continue;
      if (!o.messages && !o.connectionDetails) continue;
      // Select the connection (this also clears the message selection).
      const current = connGrid.querySelector(`[role="row"][data-conn-id="${conn.id}"]`) as HTMLElement;
      current.click();
      await frame();
      if (o.connectionDetails) {
        const details = document.querySelector('[aria-label="Connection details"]');
        if (!details) throw new Error(`no Connection details pane for ${conn.url}`);
        conn.facts = readDl(details);
        conn.requestHeaders = readHeaders(details, 'Request headers');
        conn.responseHeaders = readHeaders(details, 'Response headers');
      }
      if (!o.messages) continue;
      const messages = new Map<number, any>();
      scroller.scrollTop = 0;
      await frame();
      for (;;) {
        for (const msgRow of [...msgGrid.querySelectorAll('[role="row"][data-seq]')] as HTMLElement[]) {
          const index = Number(msgRow.getAttribute('aria-rowindex'));
          if (messages.has(index)) continue;
          const c = (name: string) => msgRow.querySelector(`[data-col="${name}"]`);
          const message: any = {
            dir: msgRow.getAttribute('data-dir'),
            seq: Number(msgRow.getAttribute('data-seq')),
            label: msgRow.getAttribute('aria-label') ?? '',
            size: Number(c('size')?.getAttribute('data-bytes')),
            sizeText: c('size')?.textContent ?? '',
            type: c('type')?.textContent ?? '',
            preview: (msgRow.querySelector('[data-col="preview-text"]') ?? c('preview'))?.textContent ?? '',
          };
          if (o.details) {
            msgRow.click();
            await tick();
            const details = document.querySelector('[aria-label="Message details"]')!;
            // The whole kept payload, as a user gets it: the Text view of a text message, the
            // Base64 view of a binary one, each with "Show all" clicked when it is offered.
            const binary = message.type.startsWith('binary');
            const tab = [...details.querySelectorAll('[role="tab"]')].find((e) => e.textContent === (binary ? 'Base64' : 'Text')) as HTMLElement | undefined;
            if (!tab) throw new Error(`message ${message.seq}: no ${binary ? 'Base64' : 'Text'} view`);
            tab.click();
            await tick();
            const more = details.querySelector('.tab-body button.more') as HTMLElement | null;
            if (more && o.showAll) {
              more.click();
              await tick();
            }
            const pre = details.querySelector('.tab-body pre.payload') as HTMLElement | null;
            message.detail = {
              kind: binary ? 'base64' : pre?.classList.contains('payload-json') ? 'json' : 'text',
              payload: pre?.textContent ?? '',
              more: (details.querySelector('.tab-body button.more') as HTMLElement | null)?.textContent ?? '',
              facts: readDl(details),
            };
          }
          messages.set(index, message);
        }
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
        const before = scroller.scrollTop;
        scroller.scrollTop += Math.max(20, scroller.clientHeight - 40);
        if (scroller.scrollTop === before) throw new Error('the Messages list does not scroll');
        await frame();
      }
      conn.messages = [...messages.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
    }
    return out;
  }, opts) as Promise<PanelConnection[]>;
}

/** Makes the page's tab the active one (a no-op for a DevTools frame). */
export async function bringToFront(page: TestPage): Promise<void> {
  const raw = page.raw as { bringToFront?: () => Promise<void> };
  if (typeof raw.bringToFront === 'function') await raw.bringToFront();
}

/** A message reduced to what must match the wire: direction, type, whole size and exact bytes (hex). */
export interface WireMessage {
  dir: 'send' | 'receive';
  binary: boolean;
  size: number;
  hex: string;
}

/** The server's log of one path as the page saw it (server "received" = page "send"). */
export function wireFrames(server: TestServer, filter: { path?: string; connectionId?: number }): WireMessage[] {
  return server.frames(filter).map((f: FrameRecord) => ({
    dir: f.direction === 'received' ? 'send' : 'receive',
    binary: f.isBinary,
    size: f.data.length,
    hex: f.data.toString('hex'),
  }));
}

/** The bytes the details pane shows (text as UTF-8, the Base64 view decoded). */
export function shownBytes(m: PanelMessage): Buffer {
  if (!m.detail) throw new Error(`message ${m.seq} was read without details`);
  if (m.detail.kind === 'base64') return Buffer.from(m.detail.payload, 'base64');
  if (m.detail.kind === 'json') throw new Error(`message ${m.seq} is shown as pretty JSON; tests here use non-JSON text`);
  return Buffer.from(m.detail.payload, 'utf8');
}

export function asWire(m: PanelMessage): WireMessage {
  return { dir: m.dir, binary: m.detail?.kind === 'base64', size: m.size, hex: shownBytes(m).toString('hex') };
}

/**
 * The panel's messages of a connection equal the wire, per direction, in order, byte for byte,
 * and every row's size and type agree with the bytes.
 */
export function expectSameAsWire(conn: PanelConnection, wire: WireMessage[], what = conn.url): void {
  const shown = (conn.messages ?? []).map(asWire);
  for (const dir of ['send', 'receive'] as const) {
    expect(
      shown.filter((m) => m.dir === dir),
      `${what}: ${dir === 'send' ? 'sent' : 'received'} messages in the panel vs the server log`,
    ).toEqual(wire.filter((m) => m.dir === dir));
  }
  for (const m of conn.messages ?? []) {
    const binary = m.detail?.kind === 'base64';
    expect(m.type, `${what}: type of message ${m.seq}`).toBe(binary ? 'binary' : 'text');
    expect(m.detail?.facts.size, `${what}: size in the details of message ${m.seq}`).toBe(`${m.size} B`);
    expect(shownBytes(m).length, `${what}: bytes shown for message ${m.seq}`).toBe(m.size);
  }
  // Arrival order within the document: sequence numbers only grow down the list.
  const seqs = (conn.messages ?? []).map((m) => m.seq);
  expect(seqs, `${what}: sequence numbers in panel order`).toEqual([...seqs].sort((a, b) => a - b));
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export function connectionByPath(conns: PanelConnection[], path: string): PanelConnection {
  const hits = conns.filter((c) => pathOf(c.url) === path);
  if (hits.length !== 1) throw new Error(`expected one connection for ${path}, panel has ${JSON.stringify(conns.map((c) => c.url))}`);
  return hits[0];
}

/** Waits until the panel lists connections whose URL paths include all of `paths`. */
export async function waitForPaths(panel: TestPage, paths: string[], timeout = 15_000): Promise<void> {
  await panel
    .waitForFunction(
      (want: string[]) => {
        const urls = [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id] [data-col="url"]')].map((e) => {
          try {
            return new URL(e.textContent ?? '').pathname;
          } catch {
            return '';
          }
        });
        return want.every((p) => urls.includes(p));
      },
      paths,
      { timeout },
    )
    .catch(async (error) => {
      const shown = await panel.evaluate(() => [...document.querySelectorAll('[aria-label="Connections"] [data-col="url"]')].map((e) => e.textContent));
      throw new Error(`panel did not list ${JSON.stringify(paths)}; it lists ${JSON.stringify(shown)} (${String(error)})`);
    });
}

/** Waits until the panel's counts for a connection path read `sent` and `received` messages. */
export async function waitForCounts(panel: TestPage, path: string, sent: number, received: number, timeout = 15_000): Promise<void> {
  await panel.waitForFunction(
    ({ path, sent, received }) => {
      for (const row of document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')) {
        const url = row.querySelector('[data-col="url"]')?.textContent ?? '';
        let p = '';
        try {
          p = new URL(url).pathname;
        } catch {
          /* not a URL */
        }
        if (p !== path) continue;
        const count = (col: string) => Number((row.querySelector(`[data-col="${col}"]`)?.textContent ?? '').split('/')[0].trim());
        return count('sent') >= sent && count('received') >= received;
      }
      return false;
    },
    { path, sent, received },
    { timeout },
  );
}

/** `chrome.storage.local` / `browser.storage.local` from an extension page (the panel). */
export async function setSettings(extensionPage: TestPage, settings: Record<string, unknown>): Promise<void> {
  await extensionPage.evaluate(async (value) => {
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    // Resolve once the change has been broadcast (content scripts hear it at the same time).
    const heard = new Promise<void>((resolve) => {
      const listener = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && changes['frameline.settings']) {
          api.storage.onChanged.removeListener(listener);
          resolve();
        }
      };
      api.storage.onChanged.addListener(listener);
    });
    await api.storage.local.set({ 'frameline.settings': value });
    await heard;
  }, settings);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One browser with capture/huge.html open (its /huge-ab and /huge-blob echo), and the panel on it. */
export async function openHugePage(): Promise<{ server: TestServer; browser: BrowserUnderTest; page: TestPage; panel: TestPage }> {
  const server = await startTestServer();
  server.ws('/huge-ab', { echo: true });
  server.ws('/huge-blob', { echo: true });
  const browser = await launchBrowserUnderTest();
  const page = await browser.newPage();
  await page.goto(server.url('/capture/huge.html'));
  const panel = await browser.openPanel(page);
  await page.waitForFunction(() => document.readyState === 'complete');
  return { server, browser, page, panel };
}
