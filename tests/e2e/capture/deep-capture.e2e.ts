/**
 * Issue 14 "Sockets in workers": Chrome's Deep capture (chrome.debugger), an opt-in per origin.
 *
 * Chromium: workers/workers.html starts a dedicated worker (classic), a module worker, a nested
 * worker, a shared worker and a service worker; each opens two sockets to the test server, sends a
 * text (non-ASCII) and a binary message on each, closes the first with 1000 after both echoes and
 * has the server close the second with 4001 'bye'. With Deep capture turned on from the panel's
 * checkbox (found by its accessible name), the panel shows each worker's sockets, labelled by its
 * kind and script, with exactly the bytes the server logged; the dedicated, module, nested and
 * service workers got the worker hook (Runtime.evaluate while paused), so their sockets are the
 * hook's, with close codes and reasons, and Send from the panel on the dedicated worker's socket
 * reaches the server; the shared worker's are watched through the Network domain (no composer).
 * The page's own socket and a blob: worker's socket once (the hooks', not the debugger's). 3 MiB messages of a
 * worker come whole. A second tab opened on the remembered origin
 * before any panel has its worker's history when a panel opens. Turning it off detaches from
 * every tab of the origin.
 *
 * The permission: Chromium refuses `debugger` in `optional_permissions` ("Only permissions
 * specified in the manifest may be requested"; kFlagCannotBeOptional), so the Chrome manifest
 * declares `debugger` and `webNavigation` (scripts/manifest-for.ts) and there is no prompt. The
 * panel still calls `permissions.request` from the click; Chrome answers at once.
 *
 * Firefox: the checkbox is not there.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as PwPage, Worker } from 'playwright-core';
import { browserUnderTestName, extensionDirFor, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import type { ChromiumSession } from '../harness/chromium';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { selectConnection } from '../support/panel-reader';
import { asWire, connectionByPath, expectSameAsWire, readPanel, waitForCounts, waitForPaths, wireFrames } from './capture-support';

const CHECKBOX = { role: 'checkbox', name: 'Deep capture' };
const WORKER_PATHS = ['/dedicated', '/module', '/nested', '/shared', '/service'];
const KINDS: Record<string, string> = { '/dedicated': 'worker', '/module': 'worker', '/nested': 'worker', '/shared': 'shared worker', '/service': 'service worker' };
const SCRIPTS: Record<string, string> = {
  '/dedicated': '/workers/dedicated.js',
  '/module': '/workers/module.mjs',
  '/nested': '/workers/dedicated.js?name=nested',
  '/shared': '/workers/shared.js',
  '/service': '/workers/service.js',
};

/** The second socket of each worker: the server closes it with 4001 'bye' (socket-job.js). */
const bye = (path: string) => `${path}-bye`;

let server: TestServer;
let browser: BrowserUnderTest;

function closedOnServer(path: string): boolean {
  const record = server.connections.find((c) => c.path === path);
  return record?.closedAt !== undefined;
}

beforeAll(async () => {
  server = await startTestServer();
  // The dedicated worker's second socket stays open for a Send from the panel, then closes.
  for (const path of WORKER_PATHS) server.ws(bye(path), { echo: true, closeAfter: { messages: path === '/dedicated' ? 3 : 2, code: 4001, reason: 'bye' } });
  if (browserUnderTestName() === 'chromium') {
    // The shipped Chrome build declares what Deep capture needs (and nothing is attached until the box is ticked).
    const manifest = JSON.parse(await readFile(join(extensionDirFor('chromium'), 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toEqual(expect.arrayContaining(['debugger', 'webNavigation']));
  }
  browser = await launchBrowserUnderTest();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pw = (page: TestPage) => page.raw as PwPage;

/** Waits until the panel shows the connection on `path` closed. */
async function waitForClosed(panel: TestPage, path: string): Promise<void> {
  await panel.waitForFunction(
    (want) =>
      [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')].some((row) => {
        const url = row.querySelector('[data-col="url"]')?.textContent ?? '';
        return url.endsWith(want) && row.querySelector('[data-col="state"]')?.getAttribute('data-state') === 'closed';
      }),
    path,
    { timeout: 10_000 },
  );
}

/** Opens the Settings dialog, where Deep capture is (a per-site control that applies at once). */
async function openSettings(panel: TestPage): Promise<void> {
  if (await panel.evaluate(() => document.querySelector('[role="dialog"][aria-label="Settings"]') !== null)) return;
  await panel.evaluate(() => (document.querySelector('[aria-label="Settings"]') as HTMLElement).click());
  await panel.waitFor('[role="dialog"][aria-label="Settings"]');
}

/** Closes Settings with Cancel: Deep capture applied at once and stays as it was left. */
async function closeSettings(panel: TestPage): Promise<void> {
  await panel.click('[role="dialog"][aria-label="Settings"] button[type="button"]');
  await panel.waitForFunction(() => !document.querySelector('[role="dialog"][aria-label="Settings"]'), undefined, { timeout: 5000 });
}

/**
 * Whether the extension's debugger is attached to a tab or target: a second attach by the same
 * extension fails with "already attached"; when it succeeds, it is undone at once.
 */
async function debuggerAttached(worker: Worker, target: { tabId: number } | { scriptSuffix: string }): Promise<boolean> {
  return worker.evaluate(async (target) => {
    const dbg = (globalThis as any).chrome.debugger;
    let debuggee: { tabId?: number; targetId?: string };
    if ('tabId' in target) debuggee = { tabId: target.tabId };
    else {
      const found = ((await dbg.getTargets()) as any[]).find((t) => t.url.endsWith(target.scriptSuffix));
      if (!found) return false;
      debuggee = { targetId: found.id };
    }
    try {
      await dbg.attach(debuggee, '1.3');
      await dbg.detach(debuggee);
      return false;
    } catch (e) {
      return String(e).includes('already attached');
    }
  }, target);
}

describe.runIf(browserUnderTestName() === 'chromium')('Deep capture in Chromium', () => {
  let page: TestPage;
  let panel: TestPage;
  let worker: Worker;

  it('the Deep capture checkbox turns the debugger on for the origin, and says why Chrome shows a bar', async () => {
    worker = await (browser.session as ChromiumSession).getServiceWorker();
    page = await browser.newPage();
    await page.goto(server.url('/workers/workers.html'));
    panel = await browser.openPanel(page);
    await openSettings(panel);
    const checkbox = pw(panel).getByRole('checkbox', { name: 'Deep capture', exact: true });
    await checkbox.waitFor();
    await expect.poll(() => checkbox.isEnabled()).toBe(true);
    expect(await checkbox.isChecked()).toBe(false);
    const tabId = await browser.tabIdOf(page);
    expect(await debuggerAttached(worker, { tabId })).toBe(false);

    await panel.click(CHECKBOX);
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    expect(await panel.textContent('#deep-capture-reason')).toBe('To capture sockets of workers, Chrome needs its debugger: Chrome shows a bar while it is on.');
    expect(await checkbox.getAttribute('aria-describedby')).toBe('deep-capture-reason');
    expect(await debuggerAttached(worker, { tabId })).toBe(true);
    const stored = await worker.evaluate(() => (globalThis as any).chrome.storage.local.get('deepCaptureOrigins'));
    expect(stored.deepCaptureOrigins).toEqual([new URL(server.url('/')).origin]);
    await closeSettings(panel);
    // Still on after Cancel (it is not a setting that waits for Save).
    expect(await debuggerAttached(worker, { tabId })).toBe(true);
  });

  it('shows the sockets of dedicated, module, nested, shared and service workers with the exact bytes and close codes, labelled by worker, and the page socket once', async () => {
    await page.evaluate(() => (window as any).startWorkers(['dedicated', 'module', 'nested', 'shared']));
    await page.evaluate(() => void (window as any).startWorkers(['service']));
    await page.evaluate(() => (window as any).pageSocket());
    // A blob: worker's socket is the worker hook's: the debugger leaves it alone.
    await page.evaluate(() => {
      const code = `const ws = new WebSocket('ws://${location.host}/blob'); ws.onopen = () => ws.send('from a blob worker');`;
      (window as any).blobWorker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    });
    // Shared workers are found by polling Chrome's targets: say go once the background has it.
    await expect.poll(() => debuggerAttached(worker, { scriptSuffix: '/workers/shared.js' }), { timeout: 10_000 }).toBe(true);
    await page.evaluate(() => (window as any).goShared());

    await waitForPaths(panel, [...WORKER_PATHS, ...WORKER_PATHS.map(bye), '/page', '/blob'], 20_000);
    await waitForCounts(panel, '/blob', 1, 1);
    for (const path of [...WORKER_PATHS, ...WORKER_PATHS.map(bye)]) await waitForCounts(panel, path, 2, 2, 15_000);
    // Every socket closed, except the dedicated worker's "-bye" one: it waits for the panel's Send.
    await server.waitFor(() => [...WORKER_PATHS, ...WORKER_PATHS.filter((p) => p !== '/dedicated').map(bye)].every((p) => closedOnServer(p)), 10_000, 'closed sockets');
    for (const path of [...WORKER_PATHS, ...WORKER_PATHS.filter((p) => p !== '/dedicated').map(bye)]) await waitForClosed(panel, path);
    const conns = await readPanel(panel, { connectionDetails: true });
    for (const path of WORKER_PATHS) {
      const hooked = path !== '/shared';
      for (const p of [path, bye(path)]) {
        const conn = connectionByPath(conns, p);
        expect(conn.frame, `${p}: label`).toBe(KINDS[path]);
        // The hook's sockets belong to the page's document (its URL in the Frame column's hidden
        // text) and name their worker's script in the details; the debugger's pseudo-document is the script.
        if (hooked) expect(conn.facts?.['Worker script'], `${p}: script URL`).toBe(server.url(SCRIPTS[path]));
        else expect(conn.frameUrl, `${p}: script URL`).toBe(server.url(SCRIPTS[path]));
        expectSameAsWire(conn, wireFrames(server, { path: p }), p);
      }
      // Hooked workers' sockets come through the page's bridge (not a cdp- pseudo-document).
      expect(connectionByPath(conns, path).id.startsWith('cdp-'), `${path}: captured by the worker hook`).toBe(!hooked);
      expect(connectionByPath(conns, path).state, `${path}: state`).toBe('closed');
      if (!hooked) continue;
      // The close as the server got it (client close) and as the server sent it (server close).
      const record = server.connections.find((c) => c.path === path)!;
      expect(connectionByPath(conns, path).close, `${path}: close`).toBe(`${record.closeCode} ${record.closeReason} (clean)`);
      expect(record.closeCode, `${path}: close code on the wire`).toBe(1000);
      if (path !== '/dedicated') expect(connectionByPath(conns, bye(path)).close, `${bye(path)}: close`).toBe('4001 bye (clean)');
    }
    // The page's socket is the hook's: not captured a second time through the debugger.
    const pageSocket = connectionByPath(conns, '/page');
    expect(pageSocket.frame).toBe('top');
    expectSameAsWire(pageSocket, wireFrames(server, { path: '/page' }), '/page');

    // Once, from the worker hook (connectionByPath throws on two).
    const blob = connectionByPath(conns, '/blob');
    expect(blob.frame).toBe('worker');
    expect(blob.id.startsWith('cdp-')).toBe(false);
    expectSameAsWire(blob, wireFrames(server, { path: '/blob' }), '/blob');

    // A shared worker is watched through the Network domain only: no composer, and the panel says why.
    await selectConnection(panel, connectionByPath(conns, '/shared').id);
    await panel.waitFor('.debugger-only');
    expect(await panel.textContent('.debugger-only')).toBe("Watched through Chrome's debugger (Deep capture): Frameline cannot send, deliver or replay on a worker's socket.");
    expect(await panel.evaluate(() => document.querySelector('.composer') === null)).toBe(true);
    await selectConnection(panel, pageSocket.id);
    await panel.waitFor('.composer');

    // A dedicated worker's socket has the hook: Send from the panel goes out through it, and the
    // server's close (after that third message) reaches the panel with its code and reason.
    await selectConnection(panel, connectionByPath(conns, bye('/dedicated')).id);
    await panel.waitFor({ role: 'region', name: 'Composer' });
    await panel.click({ role: 'radio', name: 'Text' });
    await panel.fill({ role: 'textbox', name: 'Message to send' }, 'from the panel to a worker');
    await panel.click({ role: 'button', name: 'Send' });
    const got = await server.waitForFrames({ path: bye('/dedicated'), direction: 'received' }, 3, 10_000);
    expect(got[2]).toMatchObject({ isBinary: false, text: 'from the panel to a worker' });
    await waitForCounts(panel, bye('/dedicated'), 3, 3);
    await waitForClosed(panel, bye('/dedicated'));
    const after = connectionByPath(await readPanel(panel, { urlContains: bye('/dedicated') }), bye('/dedicated'));
    // The panel's own message is marked injected; the bytes are still the wire's.
    const shown = (after.messages ?? []).map(asWire);
    for (const dir of ['send', 'receive'] as const) expect(shown.filter((m) => m.dir === dir)).toEqual(wireFrames(server, { path: bye('/dedicated') }).filter((m) => m.dir === dir));
    expect(after.messages?.find((m) => m.dir === 'send' && m.type.startsWith('text') && m.detail?.payload === 'from the panel to a worker')?.type).toBe('text (injected)');
    expect(after.close).toBe('4001 bye (clean)');
  });

  it('large messages of a worker come whole (3 MiB text and binary)', async () => {
    server.ws('/big', { echo: false });
    await page.evaluate(() => void new Worker('big.js'));
    await waitForPaths(panel, ['/big'], 15_000);
    await waitForCounts(panel, '/big', 2, 0, 20_000);
    const conn = connectionByPath(await readPanel(panel, { urlContains: '/big' }), '/big');
    expectSameAsWire(conn, wireFrames(server, { path: '/big' }), '/big');
    expect(conn.messages!.map((m) => m.size)).toEqual([3 * 1024 * 1024, 3 * 1024 * 1024]);
  });

  it('a tab opened on the remembered origin before any panel has its workers\' history', async () => {
    const before = server.frames({ path: '/dedicated' }).length;
    const second = await browser.newPage();
    await second.goto(server.url('/workers/workers.html?start=dedicated'));
    await expect.poll(() => server.frames({ path: '/dedicated' }).length, { timeout: 10_000 }).toBe(before + 4);
    const secondPanel = await browser.openPanel(second);
    await waitForPaths(secondPanel, ['/dedicated'], 15_000);
    await waitForCounts(secondPanel, '/dedicated', 2, 2);
    const conns = await readPanel(secondPanel);
    const conn = connectionByPath(conns, '/dedicated');
    const serverConn = server.frames({ path: '/dedicated' }).at(-1)!.connectionId;
    expectSameAsWire(conn, wireFrames(server, { path: '/dedicated', connectionId: serverConn }), 'second tab /dedicated');
    await openSettings(secondPanel);
    const checkbox = pw(secondPanel).getByRole('checkbox', { name: 'Deep capture', exact: true });
    await expect.poll(() => checkbox.isChecked()).toBe(true);
    await secondPanel.close();

    // Leaving the origin detaches that tab; coming back attaches it again.
    const secondTab = await browser.tabIdOf(second);
    await second.goto(server.url('/workers/workers.html').replace('127.0.0.1', 'localhost'));
    await expect.poll(() => debuggerAttached(worker, { tabId: secondTab })).toBe(false);
    await second.goto(server.url('/workers/workers.html'));
    await expect.poll(() => debuggerAttached(worker, { tabId: secondTab })).toBe(true);

    // Turning it off (from the first panel) detaches from every tab of the origin.
    await openSettings(panel);
    await panel.click(CHECKBOX);
    const checkbox1 = pw(panel).getByRole('checkbox', { name: 'Deep capture', exact: true });
    await expect.poll(() => checkbox1.isChecked()).toBe(false);
    expect(await debuggerAttached(worker, { tabId: await browser.tabIdOf(page) })).toBe(false);
    expect(await debuggerAttached(worker, { tabId: await browser.tabIdOf(second) })).toBe(false);
    const stored = await worker.evaluate(() => (globalThis as any).chrome.storage.local.get('deepCaptureOrigins'));
    expect(stored.deepCaptureOrigins).toEqual([]);
    // A new visit to the origin stays unattached.
    await second.goto(server.url('/workers/workers.html?start=dedicated'));
    expect(await debuggerAttached(worker, { tabId: await browser.tabIdOf(second) })).toBe(false);
  });
});

describe.runIf(browserUnderTestName() === 'firefox')('Deep capture in Firefox', () => {
  it('has no Deep capture checkbox (Firefox needs no opt-in)', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/workers/workers.html'));
    const panel = await browser.openPanel(page);
    await panel.waitFor({ role: 'grid', name: 'Connections' });
    await openSettings(panel);
    // No control of that name, in Settings, in the bar or as an entry of the More menu.
    const controls = await panel.evaluate(() =>
      [...document.querySelectorAll('input[type="checkbox"], [role="menuitemcheckbox"]')]
        .map((el) => (el.closest('label')?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim())
        .filter((name) => name === 'Deep capture'),
    );
    expect(controls).toEqual([]);
    expect(await panel.evaluate(() => document.querySelector('[data-action="deep-capture"]'))).toBeNull();
  });
});
