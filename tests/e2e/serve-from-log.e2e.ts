/**
 * "Serve from log" (issue 17), end to end, with real client libraries and no server behind the
 * served sockets: for socket.io, graphql-ws and MQTT.js, a page that shows what the app receives
 * (tests/fixtures/pages/serve/) is recorded against its real server; the server is stopped; from
 * the panel's UI the recorded connection is served ("Serve and reload"), conversational then
 * timed; the reloaded app must show exactly what it showed when recorded, on sockets the panel
 * lists as "served from log", with nothing unmatched.
 *
 * "Export as Playwright test" from the same panel: the exported file is written to a folder and
 * run by @playwright/test against Chromium (Debian's, the one the harness uses) with no server:
 * its own test (the page said everything it said in the recording) and a second test that
 * imports the file's `serveRecordedWebSocket` and checks the app shows the recorded lines.
 * Playwright drives Chromium only here, so the Firefox run exports from Firefox's panel and plays
 * the file in Chromium.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { readConnections, waitForConnections } from './support/panel-reader';
import { catchDownloads, dropFile, exportFromPanel } from './support/panel-files';
import { chooseTheme } from './support/panel-settings';
import { startGraphqlWsServer, startMqttBroker, startSocketIoServer, type RunningServer } from './libraries/servers';
import { CHROMIUM_PATH } from '../../scripts/ensure-browsers.mjs';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const BROWSER = process.env.FRAMELINE_BROWSER_UNDER_TEST ?? 'chromium';
const run = promisify(execFile);

const BUNDLES: Record<string, string> = {
  '/lib/socket.io.min.js': 'node_modules/socket.io-client/dist/socket.io.min.js',
  '/lib/graphql-ws.min.js': 'node_modules/graphql-ws/umd/graphql-ws.min.js',
  '/lib/mqtt.min.js': 'node_modules/mqtt/dist/mqtt.min.js',
};

let web: TestServer;
let browser: BrowserUnderTest;

beforeAll(async () => {
  web = await startTestServer();
  for (const [path, file] of Object.entries(BUNDLES)) web.route(path, await readFile(resolve(ROOT, file)), 'text/javascript; charset=utf-8');
  browser = await launchBrowserUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

interface AppState {
  status: string;
  lines: string[];
}

function readApp(page: TestPage): Promise<AppState> {
  return page.evaluate(() => ({
    status: document.getElementById('status')?.textContent ?? '',
    lines: [...document.querySelectorAll('#lines li')].map((li) => li.textContent ?? ''),
  }));
}

/** Waits until the app (a document loaded after `mark`, when given) says done or error. */
async function appFinished(page: TestPage, afterReload = false): Promise<AppState> {
  await page
    .waitForFunction(
      (reloaded) => {
        if (reloaded && (window as any).__beforeServe) return false;
        const status = document.getElementById('status')?.textContent ?? '';
        return status === 'done' || status.startsWith('error');
      },
      afterReload,
      { timeout: 20_000 },
    )
    .catch(() => undefined);
  return readApp(page);
}

/** Clicks a control of the panel by its data-action (Serve from log is in the selected connection's details). */
async function clickAction(panel: TestPage, action: string): Promise<void> {
  await panel.evaluate((a) => {
    const target = document.querySelector(`[data-action="${a}"]`) as HTMLElement | null;
    if (!target) throw new Error(`no control ${a}`);
    target.click();
  }, action);
}

async function turnOnPreserveLog(panel: TestPage): Promise<void> {
  await panel.evaluate(() => {
    const box = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Preserve log'))?.querySelector('input') as HTMLInputElement | undefined;
    if (box && !box.checked) box.click();
    if (!box) {
      const item = [...document.querySelectorAll('[role="menuitemcheckbox"]')].find((m) => m.textContent?.includes('Preserve log')) as HTMLElement | undefined;
      if (item?.getAttribute('aria-checked') !== 'true') item?.click();
    }
  });
}

type Mode = 'conversational' | 'timed';

/** Opens Serve from log for the connection, chooses the mode, and presses `button`. */
async function serveDialog(panel: TestPage, connId: string, mode: Mode, button: 'serve-reload' | 'export-playwright'): Promise<void> {
  await panel.click(`[aria-label="Connections"] [role="row"][data-conn-id="${connId}"]`);
  await clickAction(panel, 'serve-from-log');
  await panel.waitFor('[role="dialog"][aria-label="Serve from log"]');
  await panel.evaluate(
    ({ mode, connId }) => {
      const dialog = document.querySelector('[role="dialog"][aria-label="Serve from log"]')!;
      const select = dialog.querySelector('select[name="serve-connection"]') as HTMLSelectElement;
      if (select.value !== connId) throw new Error(`the dialog offers ${select.value}, not the selected ${connId}`);
      (dialog.querySelector(`input[name="serve-mode"][value="${mode}"]`) as HTMLInputElement).click();
    },
    { mode, connId },
  );
  await panel.click(`[role="dialog"][aria-label="Serve from log"] [data-action="${button}"]`);
}

/** Runs the exported file with @playwright/test in Chromium; returns the runner's output. */
async function runExport(name: string, exported: string, pageUrl: string, expected: AppState): Promise<string> {
  const dir = join(ROOT, '.tmp', `serve-export-${BROWSER}-${name}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'exported.served.spec.ts'), exported);
  // The same file under a name the runner does not collect, so the check below may import it.
  await writeFile(join(dir, 'recording.ts'), exported);
  await writeFile(
    join(dir, 'visible-state.spec.ts'),
    `import { test, expect } from '@playwright/test';
import { serveRecordedWebSocket } from './recording';

test('the app shows what it showed when recorded', async ({ page }) => {
  const conversation = await serveRecordedWebSocket(page);
  await page.goto(${JSON.stringify(pageUrl)});
  await expect(page.locator('#status')).toHaveText('done');
  await expect(page.locator('#lines li')).toHaveText(${JSON.stringify(expected.lines)});
  expect(conversation.unmatched).toEqual([]);
});
`,
  );
  await writeFile(
    join(dir, 'playwright.config.ts'),
    `import { defineConfig } from '@playwright/test';
export default defineConfig({
  testDir: '.',
  outputDir: './test-results',
  workers: 1,
  timeout: 30_000,
  reporter: 'list',
  use: { browserName: 'chromium', headless: true, launchOptions: { executablePath: ${JSON.stringify(CHROMIUM_PATH)}, args: ['--no-sandbox'] } },
});
`,
  );
  try {
    const { stdout } = await run('npx', ['playwright', 'test', '--config', join(dir, 'playwright.config.ts')], { cwd: ROOT, timeout: 120_000, env: { ...process.env, CI: '1' } });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`the exported test failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  }
}

interface Library {
  name: string;
  start(): Promise<RunningServer>;
  pageUrl(server: RunningServer): string;
}

const LIBRARIES: Library[] = [
  { name: 'socket.io', start: startSocketIoServer, pageUrl: (s) => web.url(`/serve/socket-io-chat.html?server=${encodeURIComponent(s.origin)}`) },
  { name: 'graphql-ws', start: startGraphqlWsServer, pageUrl: (s) => web.url(`/serve/graphql-ticker.html?ws=${encodeURIComponent(`ws://127.0.0.1:${s.port}/graphql`)}`) },
  { name: 'mqtt', start: startMqttBroker, pageUrl: (s) => web.url(`/serve/mqtt-feed.html?ws=${encodeURIComponent(`ws://127.0.0.1:${s.port}/mqtt`)}`) },
];

for (const library of LIBRARIES) {
  describe(`Serve from log: ${library.name} with its server stopped (${BROWSER})`, () => {
    let page: TestPage;
    let panel: TestPage;
    let recorded: AppState;
    let recordedId: string;
    let url: string;

    beforeAll(async () => {
      const server = await library.start();
      url = library.pageUrl(server);
      page = await browser.newPage();
      await page.goto(url);
      recorded = await appFinished(page);
      panel = await browser.openPanel(page);
      await waitForConnections(panel, 1);
      recordedId = (await readConnections(panel))[0].id;
      await turnOnPreserveLog(panel);
      // Everything the recording holds, close included, before the server goes.
      await server.close();
      await panel.waitForFunction((id) => document.querySelector(`[role="row"][data-conn-id="${id}"]`)?.classList.contains('finished'), recordedId, { timeout: 10_000 });
    });
    afterAll(async () => {
      await panel?.close();
      await page?.close();
    });

    it('the app worked against its real server when recorded', () => {
      expect(recorded.status).toBe('done');
      expect(recorded.lines.length).toBeGreaterThan(2);
    });

    for (const mode of ['conversational', 'timed'] as const) {
      it(`served ${mode}ly from the panel, the reloaded app shows the same, on a socket served from the log`, async () => {
        const servedBefore = (await readConnections(panel)).length;
        await page.evaluate(() => void ((window as any).__beforeServe = true));
        await serveDialog(panel, recordedId, mode, 'serve-reload');
        await panel.waitFor('.serving');
        const replayed = await appFinished(page, true);
        expect(replayed).toEqual(recorded);

        // The panel lists the new socket as served from the log, and nothing it sent as unmatched.
        await panel.waitForFunction((n) => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-served]').length >= n, mode === 'timed' ? 2 : 1, { timeout: 10_000 });
        const rows = await readConnections(panel);
        expect(rows.length).toBeGreaterThan(servedBefore);
        const servedId = await panel.evaluate(() => [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-served]')].at(-1)!.getAttribute('data-conn-id')!);
        await panel.click(`[aria-label="Connections"] [role="row"][data-conn-id="${servedId}"]`);
        await panel.waitFor('[aria-label="Messages"] [role="row"][data-seq]');
        expect(await panel.evaluate(() => document.querySelectorAll('[aria-label="Messages"] [data-unmatched]').length)).toBe(0);
        expect(await panel.textContent('.serving')).toContain(mode === 'timed' ? 'Timed' : 'Conversational');

        await clickAction(panel, 'stop-serving');
        await panel.waitForFunction(() => !document.querySelector('.serving'), undefined, { timeout: 10_000 });
      });
    }

    if (library.name === 'socket.io') {
      it('docked at 480 x 220 in the dark theme: the dialog, its buttons and the Serving line fit, by keyboard', async () => {
        // The recorded connection's details offer Serve from log.
        await panel.click(`[aria-label="Connections"] [role="row"][data-conn-id="${recordedId}"]`);
        if (browserUnderTestName() === 'chromium') await (panel.raw as PwPage).setViewportSize({ width: 480, height: 220 });
        else await (panel.raw as PpPage).setViewport({ width: 480, height: 220 });
        await chooseTheme(panel, 'dark');
        await panel.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
        await clickAction(panel, 'serve-from-log');
        await panel.waitFor('[role="dialog"][aria-label="Serve from log"]');
        const inside = () =>
          panel.evaluate(() =>
            [...document.querySelectorAll('[role="dialog"] button, .serving button')].map((b) => {
              const r = b.getBoundingClientRect();
              return { text: b.textContent, inside: r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5 };
            }),
          );
        expect((await inside()).filter((b) => !b.inside)).toEqual([]);
        // The dialog's own focus order reaches Serve, and Enter there serves (the form submits).
        const focused = await panel.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null);
        expect(focused).toBe(true);
        const dark = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(dark).not.toBe('rgb(255, 255, 255)');
        await panel.evaluate(() => (document.querySelector('[role="dialog"] [data-action="serve"]') as HTMLElement).focus());
        await panel.press('Enter');
        await panel.waitFor('.serving');
        expect((await inside()).filter((b) => !b.inside)).toEqual([]);
        await panel.screenshot(resolve(ROOT, 'test-results', 'screenshots', `serve-docked-${BROWSER}.png`));
        await clickAction(panel, 'stop-serving');
        await panel.waitForFunction(() => !document.querySelector('.serving'), undefined, { timeout: 10_000 });
        await chooseTheme(panel, 'auto');
        if (browserUnderTestName() === 'chromium') await (panel.raw as PwPage).setViewportSize({ width: 1280, height: 800 });
        else await (panel.raw as PpPage).setViewport({ width: 1280, height: 800 });
      });
    }

    if (library.name === 'socket.io') {
      it("served from a HAR file imported into another tab's panel (a colleague's log), the app shows the same", async () => {
        // The log leaves this panel as a HAR file (the Export dialog), as a colleague would send it.
        const har = await exportFromPanel(panel);
        // Another tab on the same app, its server still down: it cannot get far on its own.
        const other = await browser.newPage();
        try {
          await other.goto(url);
          const otherPanel = await browser.openPanel(other);
          try {
            await turnOnPreserveLog(otherPanel);
            const before = new Set((await readConnections(otherPanel)).map((c) => c.id));
            await dropFile(otherPanel, har, 'colleague.har');
            await otherPanel.waitForFunction((n) => document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]').length > n, before.size, { timeout: 15_000 });
            const imported = (await readConnections(otherPanel)).filter((c) => !before.has(c.id));
            expect(imported.length).toBeGreaterThan(0);
            await other.evaluate(() => void ((window as any).__beforeServe = true));
            await serveDialog(otherPanel, imported[0].id, 'conversational', 'serve-reload');
            await otherPanel.waitFor('.serving');
            expect(await appFinished(other, true)).toEqual(recorded);
            await clickAction(otherPanel, 'stop-serving');
            await otherPanel.waitForFunction(() => !document.querySelector('.serving'), undefined, { timeout: 10_000 });
          } finally {
            await otherPanel.close();
          }
        } finally {
          await other.close();
        }
      });
    }

    it('Export as Playwright test: the exported file replays the conversation in Chromium with no server', async () => {
      await catchDownloads(panel);
      await serveDialog(panel, recordedId, 'conversational', 'export-playwright');
      await panel.waitForFunction(() => (window as any).__exported !== undefined, undefined, { timeout: 15_000 });
      const exported = await panel.evaluate(() => (window as any).__exported as Promise<string>);
      expect(exported).toContain('page.routeWebSocket(SOCKET_URL');
      const output = await runExport(library.name, exported, url, recorded);
      // The exported test, the same test again where visible-state.spec.ts imports the file, and
      // the visible-state check.
      expect(output).toMatch(/\b3 passed\b/);
      expect(output).not.toMatch(/failed|flaky|skipped/);
    });
  });
}

describe(`Serve from log: what the log did not expect is unmatched, and answered from the composer (${BROWSER})`, () => {
  const CHAT = `<!doctype html><meta charset="utf-8"><title>chat</title><ol id="lines"></ol><p id="status">connecting</p><script>
    window.ws = new WebSocket('ws://' + location.host + '/serve-chat');
    ws.onopen = () => ws.send('hello');
    ws.onmessage = (e) => {
      const li = document.createElement('li');
      li.textContent = e.data;
      document.getElementById('lines').append(li);
      document.getElementById('status').textContent = 'done';
    };
  </script>`;
  let page: TestPage;
  let panel: TestPage;

  beforeAll(async () => {
    web.route('/serve/chat.html', CHAT, 'text/html; charset=utf-8');
    page = await browser.newPage();
    await page.goto(web.url('/serve/chat.html'));
    expect(await appFinished(page)).toEqual({ status: 'done', lines: ['hello'] });
    panel = await browser.openPanel(page);
    await waitForConnections(panel, 1);
    await turnOnPreserveLog(panel);
  });
  afterAll(async () => {
    await panel?.close();
    await page?.close();
  });

  it('marks the unexpected message unmatched; Deliver to page answers it on the served socket', async () => {
    const recordedId = (await readConnections(panel))[0].id;
    const upgrades = web.connections.length;
    await page.evaluate(() => void ((window as any).__beforeServe = true));
    await serveDialog(panel, recordedId, 'conversational', 'serve-reload');
    expect(await appFinished(page, true)).toEqual({ status: 'done', lines: ['hello'] });
    await page.evaluate(() => (window as any).ws.send('not in the log'));

    await panel.waitForFunction(() => document.querySelector('[aria-label="Connections"] [role="row"][data-served]'), undefined, { timeout: 10_000 });
    const servedId = await panel.evaluate(() => document.querySelector('[aria-label="Connections"] [role="row"][data-served]')!.getAttribute('data-conn-id')!);
    await panel.click(`[aria-label="Connections"] [role="row"][data-conn-id="${servedId}"]`);
    await panel.waitForFunction(() => document.querySelector('[aria-label="Messages"] [data-unmatched]')?.textContent?.includes('not in the log'), undefined, { timeout: 10_000 });
    expect(await panel.evaluate(() => [...document.querySelectorAll('[aria-label="Messages"] [data-unmatched]')].map((r) => r.getAttribute('aria-label')))).toEqual([
      expect.stringContaining('(unmatched)'),
    ]);

    await panel.fill('textarea[aria-label="Message to send"]', 'answered from the panel');
    await panel.click({ role: 'button', name: 'Deliver to page' });
    await page.waitForFunction(() => document.querySelectorAll('#lines li').length === 2, undefined, { timeout: 10_000 });
    expect((await readApp(page)).lines).toEqual(['hello', 'answered from the panel']);
    // No socket reached the server while served.
    expect(web.connections.length).toBe(upgrades);
    await clickAction(panel, 'stop-serving');
  });
});
