/**
 * Acting on the traffic from the panel, in the browser under test, against a real server:
 * Send (through the page's socket) reaches the server byte for byte, Deliver to page reaches
 * `onmessage` and `addEventListener` listeners with the socket's binaryType, Replay and
 * Edit-then-send, replay of several messages, and a clear error for a closed socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { openMessage, readConnections, readMessages, selectConnection, waitForConnections } from './support/panel-reader';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
  window.seen = { on: [], listener: [] };
  const describe = (d) => typeof d === 'string' ? ['string', d] : d instanceof ArrayBuffer ? ['arraybuffer', [...new Uint8Array(d)]] : ['blob', d.size];
  window.ws = new WebSocket('ws://' + location.host + '/act');
  ws.onmessage = (e) => seen.on.push(describe(e.data));
  ws.addEventListener('message', (e) => seen.listener.push(describe(e.data)));
  ws.onopen = () => ws.send('hello from page');
  window.closing = new WebSocket('ws://' + location.host + '/act-closing');
</script></head><body>act</body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/act.html', PAGE);
  server.ws('/act', {});
  server.ws('/act-closing', {});
  server.ws('/opened', { protocol: 'chat' });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/act.html'));
  await server.waitForFrames({ path: '/act' }, 1);
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 2);
  const act = (await readConnections(panel)).find((c) => c.url.endsWith('/act'))!;
  await selectConnection(panel, act.id);
  await panel.waitFor({ role: 'region', name: 'Composer' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function compose(mode: 'Text' | 'Hex' | 'Base64', text: string, button: 'Send' | 'Deliver to page'): Promise<string> {
  await panel.click({ role: 'radio', name: mode });
  await panel.fill({ role: 'textbox', name: 'Message to send' }, text);
  if (button === 'Send') await panel.click({ role: 'button', name: 'Send' });
  else await panel.click('.composer .secondary-button');
  await panel.waitFor('.composer .composer-result');
  return (await panel.textContent('.composer .composer-result')) ?? '';
}

const received = () => server.frames({ path: '/act', direction: 'received' });

describe(`act on traffic (${browserUnderTestName()})`, () => {
  it('Send puts text and binary on the wire through the page’s socket, exactly', async () => {
    expect(await compose('Text', '{"cmd":"ping","n":1}', 'Send')).toContain('Sent');
    await server.waitForFrames({ path: '/act', direction: 'received' }, 2);
    expect(received()[1]).toMatchObject({ isBinary: false, text: '{"cmd":"ping","n":1}' });
    expect(await compose('Hex', 'de ad 0x00 BE\nef', 'Send')).toContain('Sent (5 B)');
    await server.waitForFrames({ path: '/act', direction: 'received' }, 3);
    expect([...received()[2].data]).toEqual([0xde, 0xad, 0x00, 0xbe, 0xef]);
    expect(received()[2].isBinary).toBe(true);
    // The injected messages are in the timeline, marked.
    await panel.waitForFunction(() => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')].filter((r) => r.getAttribute('aria-label')!.includes('injected')).length === 2, undefined, { timeout: 10_000 });
  });

  it('Deliver to page reaches onmessage and listeners, with the socket’s binaryType', async () => {
    await compose('Text', 'server says hi', 'Deliver to page');
    await page.waitForFunction(() => (window as any).seen.on.length >= 1);
    await compose('Base64', '3q2+7w==', 'Deliver to page'); // blob (the default binaryType)
    await page.evaluate(() => ((window as any).ws.binaryType = 'arraybuffer'));
    await compose('Hex', '01 02 03', 'Deliver to page');
    await page.waitForFunction(() => (window as any).seen.on.length >= 3);
    const seen = await page.evaluate(() => (window as any).seen);
    const expected = [['string', 'server says hi'], ['blob', 4], ['arraybuffer', [1, 2, 3]]];
    expect(seen.on).toEqual(expected);
    expect(seen.listener).toEqual(expected);
    // Nothing went to the server.
    expect(received()).toHaveLength(3);
  });

  it('Replay resends a captured message; Edit opens it in the composer first', async () => {
    const rows = await readMessages(panel);
    const original = rows.find((r) => r.preview === 'hello from page')!;
    await openMessage(panel, original.seq);
    await panel.click({ role: 'button', name: 'Replay' });
    await server.waitForFrames({ path: '/act', direction: 'received' }, 4);
    expect(received()[3].text).toBe('hello from page');
    await panel.waitForFunction(() => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')].some((r) => r.getAttribute('aria-label')!.includes('replayed')), undefined, { timeout: 10_000 });
    await openMessage(panel, original.seq);
    await panel.click('.details .actions .secondary-button:nth-child(2)');
    await panel.waitForFunction(() => (document.querySelector('textarea[aria-label="Message to send"]') as HTMLTextAreaElement).value === 'hello from page', undefined, { timeout: 5000 });
    expect(await compose('Text', 'hello, edited', 'Send')).toContain('Sent');
    await server.waitForFrames({ path: '/act', direction: 'received' }, 5);
    expect(received()[4].text).toBe('hello, edited');
  });

  it('replays several picked messages in order with a fixed delay', async () => {
    const rows = (await readMessages(panel)).filter((r) => r.dir === 'send');
    const [a, b] = rows.slice(0, 2);
    await panel.click(`[aria-label="Messages"] [role="row"][data-seq="${a.seq}"]`);
    await (browserUnderTestName() === 'chromium'
      ? (panel.raw as any).click(`[aria-label="Messages"] [role="row"][data-seq="${b.seq}"]`, { modifiers: ['Control'] })
      : panel.evaluate((seq) => document.querySelector(`[aria-label="Messages"] [role="row"][data-seq="${seq}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true })), b.seq));
    await panel.waitFor('[role="group"][aria-label="Replay several"]');
    await panel.evaluate(() => (document.querySelectorAll('[aria-label="Replay several"] input[type="radio"]')[1] as HTMLInputElement).click());
    const before = received().length;
    await panel.click('[aria-label="Replay several"] .primary-button');
    await server.waitForFrames({ path: '/act', direction: 'received' }, before + 2);
    const [first, second] = received().slice(before);
    expect([a.preview, b.preview]).toEqual(['hello from page', '{"cmd":"ping","n":1}']);
    expect([first.text, second.text]).toEqual([a.preview, b.preview]);
    expect(second.time - first.time).toBeGreaterThanOrEqual(80);
  });

  it('sending on a closed socket says so in the panel, and nothing is sent', async () => {
    await page.evaluate(() => (window as any).closing.close(1000, 'bye'));
    const closing = (await readConnections(panel)).find((c) => c.url.endsWith('/act-closing'))!;
    await panel.waitForFunction(() => document.querySelector('[aria-label="Connections"]')?.textContent?.includes('1000 bye'), undefined, { timeout: 10_000 });
    await selectConnection(panel, closing.id);
    await panel.waitFor({ role: 'region', name: 'Composer' });
    const status = await compose('Text', 'too late', 'Send');
    expect(status).toMatch(/The socket is closed: nothing was sent/i);
    expect(server.frames({ path: '/act-closing', direction: 'received' })).toHaveLength(0);
  });

  it('opens a new connection from the page’s context and sends on it', async () => {
    await panel.click('.toolbar [data-action="open-connection"]');
    await panel.waitFor('[role="dialog"][aria-label="New connection"]');
    // Set the fields as typing does (a puppeteer fill into a pre-filled field is not reliable).
    await panel.evaluate(
      ({ url }) => {
        const set = (selector: string, value: string) => {
          const input = document.querySelector(selector) as HTMLInputElement;
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        };
        set('[role="dialog"] input[aria-label="URL"]', url);
        set('[role="dialog"] input[aria-label="Sub-protocols requested"]', 'chat, other');
      },
      { url: server.wsUrl('/opened') },
    );
    await panel.click('[role="dialog"] button[type="submit"]');
    await waitForConnections(panel, 3);
    const record = await server.waitFor(() => server.connections.find((c) => c.path === '/opened'), 10_000, 'the opened socket');
    expect(record.origin).toBe(server.origin);
    expect(record.offeredProtocols).toEqual(['chat', 'other']);
    const opened = (await readConnections(panel)).find((c) => c.url.endsWith('/opened'))!;
    await panel.waitForFunction((id) => document.querySelector(`[data-conn-id="${id}"] [data-col="state"]`)?.textContent === 'open', opened.id, { timeout: 10_000 });
    await selectConnection(panel, opened.id);
    await panel.waitFor({ role: 'region', name: 'Composer' });
    expect(await compose('Text', 'from the panel', 'Send')).toContain('Sent');
    await server.waitForFrames({ path: '/opened', direction: 'received' }, 1);
    expect(server.frames({ path: '/opened', direction: 'received' })[0].text).toBe('from the panel');
  });

  it('saves snippets per origin and brings them back in a new panel', async () => {
    await panel.fill({ role: 'textbox', name: 'Message to send' }, '{"snippet":true}');
    await panel.click('.composer [data-action="save-snippet"]');
    await panel.waitForFunction(() => document.querySelectorAll('select[aria-label="Snippets"] option').length === 2, undefined, { timeout: 5000 });
    const second = await browser.openPanel(page);
    await waitForConnections(second, 1);
    await selectConnection(second, (await readConnections(second)).find((c) => c.url.endsWith('/act'))!.id);
    await second.waitForFunction(() => [...document.querySelectorAll('select[aria-label="Snippets"] option')].some((o) => o.textContent === '{"snippet":true}'), undefined, { timeout: 10_000 });
    await second.close();
  });
});
