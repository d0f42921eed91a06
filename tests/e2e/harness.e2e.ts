/**
 * Checks the e2e harness itself in the browser under test: the test server's behaviours and log,
 * cross-origin iframes through the localhost alias, a refused URL, and opening the panel for a
 * tab. If this file fails, other e2e failures say little about the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a socket in the page and resolves with what happened, as plain data. */
function runSocket(p: TestPage, arg: { url: string; protocols?: string[]; send?: Array<string | number[]>; waitMessages?: number }) {
  return p.evaluate(
    (a) =>
      new Promise<{ opened: boolean; protocol: string; messages: Array<string | number[]>; code?: number; reason?: string }>((done) => {
        const out = { opened: false, protocol: '', messages: [] as Array<string | number[]>, code: undefined as number | undefined, reason: undefined as string | undefined };
        const ws = new WebSocket(a.url, a.protocols);
        ws.binaryType = 'arraybuffer';
        ws.onopen = () => {
          out.opened = true;
          out.protocol = ws.protocol;
          for (const m of a.send ?? []) ws.send(typeof m === 'string' ? m : new Uint8Array(m));
        };
        ws.onmessage = (e) => {
          out.messages.push(typeof e.data === 'string' ? e.data : Array.from(new Uint8Array(e.data)));
          if (a.waitMessages !== undefined && out.messages.length >= a.waitMessages) ws.close(1000, 'test done');
        };
        ws.onclose = (e) => {
          out.code = e.code;
          out.reason = e.reason;
          done(out);
        };
      }),
    arg,
  );
}

describe(`harness (${process.env.FRAMELINE_BROWSER_UNDER_TEST ?? 'chromium'})`, () => {
  it('serves fixture pages and records echoed text and binary frames', async () => {
    await page.goto(server.url('/blank.html'));
    expect(await page.textContent('p')).toBe('Frameline test page');
    const result = await runSocket(page, { url: server.wsUrl('/echo'), send: ['hello', [0, 1, 255]], waitMessages: 2 });
    expect(result.messages).toEqual(['hello', [0, 1, 255]]);
    const received = server.frames({ path: '/echo', direction: 'received' });
    expect(received.map((f) => [f.isBinary, [...f.data]])).toEqual([
      [false, [...Buffer.from('hello')]],
      [true, [0, 1, 255]],
    ]);
    expect(server.frames({ path: '/echo', direction: 'sent' })).toHaveLength(2);
  });

  it('runs scripted frames, subprotocols and close-after-N', async () => {
    server.ws('/scripted', {
      protocol: 'chat.v2',
      sendOnConnect: ['first', { binary: [9, 8, 7], delayMs: 20 }],
      closeAfter: { messages: 1, code: 4001, reason: 'enough' },
    });
    const result = await runSocket(page, { url: server.wsUrl('/scripted?x=1'), protocols: ['chat.v1', 'chat.v2'], send: ['bye'] });
    expect(result).toMatchObject({ opened: true, protocol: 'chat.v2', messages: ['first', [9, 8, 7]], code: 4001, reason: 'enough' });
    const conn = server.connections.find((c) => c.path === '/scripted');
    expect(conn).toMatchObject({ url: '/scripted?x=1', offeredProtocols: ['chat.v1', 'chat.v2'], protocol: 'chat.v2' });
  });

  it('gives a refused URL that fails to connect', async () => {
    const result = await runSocket(page, { url: server.refusedWsUrl('/nothing') });
    expect(result.opened).toBe(false);
    expect(result.code).toBe(1006);
  });

  it('can refuse the upgrade, or close right after connecting', async () => {
    server.ws('/forbidden', { rejectStatus: 403 });
    expect(await runSocket(page, { url: server.wsUrl('/forbidden') })).toMatchObject({ opened: false, code: 1006 });
    server.ws('/bye', { sendOnConnect: ['only'], closeAfter: { messages: 0, code: 4002, reason: 'go away' } });
    expect(await runSocket(page, { url: server.wsUrl('/bye') })).toMatchObject({ opened: true, messages: ['only'], code: 4002, reason: 'go away' });
  });

  it('serves a cross-origin iframe through the localhost alias', async () => {
    await page.goto(`${server.url('/frame-host.html')}?src=${encodeURIComponent(server.altUrl('/blank.html'))}`);
    await page.waitForFunction(() => {
      const f = document.getElementById('frame') as HTMLIFrameElement;
      try {
        return f.contentDocument === null; // cross-origin: no access from the parent
      } catch {
        return true;
      }
    });
    const request = server.requests.find((r) => r.url === '/blank.html' && r.host.startsWith('localhost:'));
    expect(request).toBeDefined();
  });

  it('opens panel.html?tabId=N for the page', async () => {
    await page.goto(server.url('/blank.html'));
    const tabId = await browser.tabIdOf(page);
    expect(tabId).toBeGreaterThan(0);
    const panel = await browser.openPanel(page);
    try {
      expect(await panel.url()).toMatch(new RegExp(`/panel\\.html\\?tabId=${tabId}$`));
      expect(await panel.evaluate(() => document.readyState)).toBe('complete');
    } finally {
      await panel.close();
    }
  });
});
