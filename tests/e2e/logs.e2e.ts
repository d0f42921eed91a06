/**
 * Logs that travel, in the browser under test: capture real traffic, export it from the panel
 * (HAR and NDJSON, sanitized by default, or with sensitive data), import the file back into the
 * offline viewer, and compare every connection and message; broken files get a clear message
 * and lose nothing already shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { readConnections, readMessages, selectConnection, waitForConnections } from './support/panel-reader';
import { dropFile, exportFromPanel } from './support/panel-files';
import { createHarValidator } from '../unit/logs/har-schema';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
  document.cookie = 'session=cookie-secret-42; path=/';
  const ws = new WebSocket('ws://' + location.host + '/api?token=query-secret-7&room=1', ['v1']);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => {
    ws.send(JSON.stringify({ type: 'auth', auth: { token: 'payload-secret-9' } }));
    ws.send('plain text é');
    ws.send(new Uint8Array([0, 1, 2, 253, 254, 255]));
  };
  ws.onmessage = () => { if (++window.got === 3) ws.close(4000, 'done here'); };
  window.got = 0;
</script></head><body>logs</body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/logs.html', PAGE);
  server.ws('/api', { echo: true, protocol: 'v1' });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/logs.html'));
  await server.waitFor(() => server.connections.find((c) => c.path === '/api')?.closedAt, 10_000, 'the page closed its socket');
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 1);
  await panel.waitForFunction(() => document.querySelector('[aria-label="Connections"]')?.textContent?.includes('4000'), undefined, { timeout: 10_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function importIntoViewer(text: string, fileName: string): Promise<TestPage> {
  const viewer = await browser.openExtensionPage('viewer.html');
  await viewer.waitFor({ role: 'button', name: 'Import' });
  // Count what comes back from workers: the file must be parsed in one, off the viewer's thread.
  await viewer.evaluate(() => {
    const Native = window.Worker;
    (window as any).__workerParts = 0;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', () => (window as any).__workerParts++);
      }
    };
  });
  await dropFile(viewer, text, fileName);
  return viewer;
}

describe(`logs (${browserUnderTestName()})`, () => {
  let harText: string;

  it('exports a sanitized HAR that validates and that Chrome can import', async () => {
    harText = await exportFromPanel(panel, {});
    const har = JSON.parse(harText);
    expect(createHarValidator()(har)).toEqual([]);
    expect(har.log.entries).toHaveLength(1);
    const entry = har.log.entries[0];
    expect(entry._resourceType).toBe('websocket');
    expect(entry.response.status).toBe(101);
    expect(entry._webSocketMessages.map((m: any) => [m.type, m.opcode])).toEqual([
      ['send', 1],
      ['send', 1],
      ['send', 2],
      ['receive', 1],
      ['receive', 1],
      ['receive', 2],
    ]);
    for (const m of entry._webSocketMessages) expect(m.time).toBeGreaterThan(1.6e9); // seconds
    expect(harText).not.toContain('query-secret-7');
    expect(harText).not.toContain('payload-secret-9');
    expect(harText).not.toContain('cookie-secret-42');
    expect(entry.request.headers.some((h: any) => /^cookie$/i.test(h.name))).toBe(false);
    expect(entry.request.headers.some((h: any) => /^sec-websocket-key$/i.test(h.name))).toBe(false);
  });

  it('keeps sensitive data only when asked to', async () => {
    const text = await exportFromPanel(panel, { sensitive: true });
    expect(text).toContain('query-secret-7');
    expect(text).toContain('payload-secret-9');
    if (browserUnderTestName() === 'chromium') expect(text).toContain('cookie-secret-42'); // Firefox does not report Cookie to webRequest here
  });

  it('applies the user’s redaction rules even with sensitive data included', async () => {
    const text = await exportFromPanel(panel, { sensitive: true, redactions: '$.type\n/plain/' });
    const har = JSON.parse(text);
    const texts = har.log.entries[0]._webSocketMessages.filter((m: any) => m.opcode === 1).map((m: any) => m.data);
    expect(texts).toContain('REDACTED text é');
    expect(texts.some((t: string) => t.includes('"type":"REDACTED"'))).toBe(true);
  });

  it('round trip: the imported HAR shows every connection and message as captured', async () => {
    const live = await readConnections(panel);
    await selectConnection(panel, live[0].id);
    const liveMessages = await readMessages(panel);
    const full = await exportFromPanel(panel, { sensitive: true });
    const viewer = await importIntoViewer(full, 'session.har');
    await waitForConnections(viewer, 1);
    const imported = await readConnections(viewer);
    expect(imported).toHaveLength(1);
    expect(await viewer.evaluate(() => (window as any).__workerParts)).toBeGreaterThanOrEqual(3); // head, messages, end
    expect(imported[0]).toMatchObject({ url: live[0].url, state: 'closed', protocol: live[0].protocol, close: live[0].close, sent: live[0].sent, received: live[0].received, frame: 'imported' });
    await selectConnection(viewer, imported[0].id);
    const importedMessages = await readMessages(viewer);
    const strip = (rows: typeof liveMessages) => rows.map((r) => ({ dir: r.dir, time: r.time, rel: r.rel, size: r.size, type: r.type, preview: r.preview }));
    expect(strip(importedMessages)).toEqual(strip(liveMessages));
    expect(await viewer.textContent('[role="status"]')).toContain('Imported session.har: 1 connections, 6 messages.');
    await viewer.close();
  });

  it('exports NDJSON, one message per line, and imports it back', async () => {
    const text = await exportFromPanel(panel, { format: 'ndjson', sensitive: true });
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.dir).map((l) => l.dir)).toEqual(['send', 'send', 'send', 'receive', 'receive', 'receive']);
    const viewer = await importIntoViewer(text, 'session.ndjson');
    await waitForConnections(viewer, 1);
    await selectConnection(viewer, (await readConnections(viewer))[0].id);
    expect((await readMessages(viewer)).map((r) => r.preview)).toContain('plain text é');
    await viewer.close();
  });

  it('a broken file gets a clear message and nothing already shown is lost', async () => {
    const before = await readConnections(panel);
    await dropFile(panel, '{"log": {"entries": [', 'broken.har');
    await panel.waitFor('[role="alert"]');
    expect(await panel.textContent('[role="alert"]')).toMatch(/Could not import broken\.har: .*truncated/i);
    await dropFile(panel, '{"log":{"version":"1.2","entries":[{"startedDateTime":"2024-01-01T00:00:00Z","time":1,"request":{},"response":{}}]}}', 'plain.har');
    await panel.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent?.includes('plain.har'), undefined, { timeout: 5000 });
    expect(await panel.textContent('[role="alert"]')).toMatch(/no WebSocket entries/i);
    expect(await readConnections(panel)).toEqual(before);
  });
});
