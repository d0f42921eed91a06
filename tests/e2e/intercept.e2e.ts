/**
 * Intercept in the browser under test, against real servers: breakpoints hold messages in order
 * (forward, edit, drop), every rule type acts on the wire and shows in the timeline, held
 * messages go on when the panel closes, rules are kept per origin, and socket.io-client keeps
 * working while a rule rewrites its traffic.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { readConnections, readMessages, selectConnection, waitForConnections } from './support/panel-reader';
import { startSocketIoServer } from './libraries/servers';

let server: TestServer;
let browser: BrowserUnderTest;
let socketIo: Awaited<ReturnType<typeof startSocketIoServer>>;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
  window.got = [];
  window.ws = new WebSocket('ws://' + location.host + '/ic');
  ws.onmessage = (e) => got.push([typeof e.data === 'string' ? e.data : 'binary', Date.now()]);
</script></head><body>intercept</body></html>`;

/** A blob: worker whose socket sends what the page posts to it (the worker hook captures it). */
const WORKER_PAGE = `<!doctype html><html><head><meta charset="utf-8"><script>
  const source = 'const ws = new WebSocket(' + JSON.stringify('ws://' + location.host + '/icw') + ');'
    + 'ws.onopen = () => postMessage("open"); onmessage = (e) => ws.send(e.data);';
  window.startWorker = () => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    worker.onmessage = () => resolve(worker);
  });
  window.first = startWorker();
</script></head><body>intercept in a worker</body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/ic.html', PAGE);
  server.ws('/ic', {});
  socketIo = await startSocketIoServer();
  server.route('/socket.io.min.js', readFileSync(resolve('node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8'), 'text/javascript');
  server.route(
    '/sio.html',
    `<!doctype html><html><head><meta charset="utf-8"><script src="/socket.io.min.js"></script></head><body><script>
      window.go = () => {
        const socket = io(${JSON.stringify(socketIo.origin)}, { transports: ['websocket'], auth: { name: 'ann' } });
        socket.on('welcome', (w) => {
          window.welcome = w;
          socket.emit('sum', 2, 3, (r) => (window.sum = r));
        });
      };
    </script></body></html>`,
  );
  server.route('/icw.html', WORKER_PAGE);
  server.ws('/icw', {});
  browser = await launchBrowserUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await socketIo?.close();
  await server?.close();
});

const received = () => server.frames({ path: '/ic', direction: 'received' }).map((f) => f.text);

async function open(): Promise<{ page: TestPage; panel: TestPage }> {
  const page = await browser.newPage();
  await page.goto(server.url('/ic.html'));
  await server.waitFor(() => server.live.find((c) => c.record.path === '/ic'), 10_000, 'the page connected');
  const panel = await browser.openPanel(page);
  await waitForConnections(panel, 1);
  await panel.click('.toolbar [data-action="intercept"]');
  await panel.waitFor('[aria-label="Intercept"]');
  return { page, panel };
}

/** Sets an input or select the way typing/choosing does (Preact listens to change). */
async function setField(panel: TestPage, selector: string, value: string): Promise<void> {
  await panel.evaluate(
    ({ s, v }) => {
      const el = [...document.querySelectorAll(s)].pop() as HTMLInputElement | HTMLSelectElement;
      if (!el) throw new Error(`no ${s}`);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { s: selector, v: value },
  );
}

async function addBreakpoint(panel: TestPage, direction: 'send' | 'receive' | 'both', match: string): Promise<void> {
  await panel.click('[aria-label="Intercept"] > .secondary-button:nth-of-type(1)');
  await setField(panel, '[aria-label="Breakpoint"] select', direction);
  await setField(panel, '[aria-label="Breakpoint"] input.rule-match', match);
}

async function addRule(panel: TestPage, rule: { name: string; direction: 'send' | 'receive'; match: string; action: string; fields?: Record<string, string> }): Promise<void> {
  await panel.evaluate(() => ([...document.querySelectorAll('[aria-label="Intercept"] > .secondary-button')].pop() as HTMLElement).click());
  const last = '[aria-label="Rule"]:last-of-type';
  await setField(panel, `${last} input[aria-label="Name"]`, rule.name);
  await setField(panel, `${last} select[aria-label="Direction"]`, rule.direction);
  await setField(panel, `${last} input[aria-label="Filter"]`, rule.match);
  await setField(panel, `${last} select[aria-label="Action"]`, rule.action);
  for (const [label, value] of Object.entries(rule.fields ?? {})) {
    await panel.waitForFunction((l) => [...document.querySelectorAll('[aria-label="Rule"]')].pop()?.querySelector(`input[aria-label="${l}"]`), label, { timeout: 5000 });
    await setField(panel, `${last} input[aria-label="${label}"]`, value);
  }
}

/**
 * Waits until the panel has captured a message with this text. (A page in a background tab
 * flushes its batches on a throttled timer: up to a second late in Firefox.)
 */
async function waitForCaptured(panel: TestPage, ...texts: string[]): Promise<void> {
  await panel.waitForFunction(
    (wanted) => wanted.every((w) => [...document.querySelectorAll('[aria-label="Messages"] [data-col="preview-text"]')].some((c) => c.textContent === w)),
    texts,
    { timeout: 10_000 },
  );
}

const heldTexts = (panel: TestPage) => panel.evaluate(() => [...document.querySelectorAll('[aria-label="Held message"]')].map((h) => [h.querySelector('.held-payload')?.textContent, h.className.includes('held-paused') ? 'paused' : 'waiting']));

describe(`intercept (${browserUnderTestName()})`, () => {
  it('a breakpoint holds a message and everything behind it; forward edited, then drop', async () => {
    const { page, panel } = await open();
    await addBreakpoint(panel, 'send', 'hold-me');
    await new Promise((r) => setTimeout(r, 300));
    await page.evaluate(() => ['a', 'hold-me 1', 'b', 'c'].forEach((m) => (window as any).ws.send(m)));
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 1);
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 3, undefined, { timeout: 10_000 });
    expect(received()).toEqual(['a']);
    expect(await heldTexts(panel)).toEqual([
      ['hold-me 1', 'paused'],
      ['b', 'waiting'],
      ['c', 'waiting'],
    ]);
    // Edit the paused one and forward it: it and the ones behind go, in order.
    await panel.click('[aria-label="Held message"] .secondary-button');
    await setField(panel, 'textarea[aria-label="Edit held message"]', 'hold-me, edited');
    await panel.click('[aria-label="Held message"] .primary-button');
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 4);
    expect(received()).toEqual(['a', 'hold-me, edited', 'b', 'c']);
    // Drop: it never goes out; the next one does.
    await page.evaluate(() => ['hold-me 2', 'd'].forEach((m) => (window as any).ws.send(m)));
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 2, undefined, { timeout: 10_000 });
    expect(await heldTexts(panel)).toEqual([
      ['hold-me 2', 'paused'],
      ['d', 'waiting'],
    ]);
    // The paused message's own Drop button (the last button of its row).
    await panel.evaluate(() => ([...document.querySelectorAll('[aria-label="Held message"]')][0].querySelector('.actions .secondary-button:last-child') as HTMLElement).click());
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(received()).toEqual(['a', 'hold-me, edited', 'b', 'c', 'd']);
    // The timeline shows the edited one and the dropped one as such.
    await selectConnection(panel, (await readConnections(panel))[0].id);
    await waitForCaptured(panel, 'hold-me, edited', 'hold-me 2', 'd');
    const rows = await readMessages(panel);
    expect(rows.find((r) => r.preview === 'hold-me, edited')?.type).toContain('edited');
    expect(rows.find((r) => r.preview === 'hold-me 2')?.type).toContain('discarded');
    expect(rows.find((r) => r.preview === 'hold-me 2')?.type).toContain('(dropped)');
    // An incoming breakpoint: the page gets the message only when it is forwarded.
    await addBreakpoint(panel, 'receive', 'in-');
    await new Promise((r) => setTimeout(r, 300));
    server.live.find((c) => c.record.path === '/ic')!.send('in-1');
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 1, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).got.length)).toBe(0);
    await panel.click('[aria-label="Held message"] .primary-button');
    await page.waitForFunction(() => (window as any).got.length === 1);
    expect(await page.evaluate(() => (window as any).got[0][0])).toBe('in-1');
    // Closing the panel lets held messages go: the page is never stuck.
    await page.evaluate(() => (window as any).ws.send('hold-me 3'));
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 1, undefined, { timeout: 10_000 });
    await panel.close();
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 6);
    expect(received().at(-1)).toBe('hold-me 3');
    await page.close();
  });

  it('rules block, rewrite, set JSON fields, delay and auto-reply; kept per origin', async () => {
    server.clearLog();
    const { page, panel } = await open();
    await addRule(panel, { name: 'no secrets', direction: 'send', match: 'secret', action: 'block' });
    await addRule(panel, { name: 'cat to dog', direction: 'receive', match: 'cat', action: 'replace', fields: { find: 'cat', 'replace with': 'dog' } });
    await addRule(panel, { name: 'make admin', direction: 'send', match: '$.role', action: 'setJson', fields: { '$.path': '$.role', 'JSON value': '"admin"' } });
    await addRule(panel, { name: 'slow', direction: 'receive', match: 'slow', action: 'delay', fields: { 'delay ms': '400' } });
    await addRule(panel, { name: 'pong', direction: 'send', match: '$.type=ping', action: 'autoReply', fields: { 'Reply template': '{"type":"pong","id":{{json $.id}}}' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(await panel.evaluate(() => document.querySelectorAll('[aria-label="Rule"] [role="alert"]').length)).toBe(0);

    await page.evaluate(() => {
      const ws = (window as any).ws;
      ws.send('my secret');
      ws.send(JSON.stringify({ user: 'u', role: 'guest' }));
      ws.send(JSON.stringify({ type: 'ping', id: 7 }));
    });
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(received()).toEqual(['{"user":"u","role":"admin"}', '{"type":"ping","id":7}']);
    await page.waitForFunction(() => (window as any).got.some((g: string[]) => g[0].includes('pong')));
    expect((await page.evaluate(() => (window as any).got))[0][0]).toBe('{"type":"pong","id":7}');

    // This test's page: the newest /ic connection (an earlier test's page may still be open).
    const conn = server.live.filter((c) => c.record.path === '/ic').at(-1)!;
    const sentAt = Date.now();
    conn.send('a cat and a slow cat');
    await page.waitForFunction(() => (window as any).got.length === 2, undefined, { timeout: 5000 });
    const [text, at] = (await page.evaluate(() => (window as any).got))[1];
    expect(text).toBe('a dog and a slow dog');
    expect(at - sentAt).toBeGreaterThanOrEqual(350);

    // The timeline says which rule acted.
    await selectConnection(panel, (await readConnections(panel))[0].id);
    await waitForCaptured(panel, 'my secret', '{"type":"pong","id":7}', 'a dog and a slow dog');
    const rows = await readMessages(panel);
    expect(rows.find((r) => r.preview === 'my secret')?.type).toContain('rule: no secrets');
    expect(rows.find((r) => r.preview.includes('admin'))?.type).toContain('rule: make admin');
    expect(rows.find((r) => r.preview === '{"type":"pong","id":7}')?.type).toContain('rule: pong');
    expect(rows.find((r) => r.preview === 'a dog and a slow dog')?.type).toMatch(/rule: cat to dog, slow|rule: slow, cat to dog/);
    // ...and what it did.
    expect(rows.find((r) => r.preview === 'my secret')?.type).toContain('(blocked)');
    expect(rows.find((r) => r.preview.includes('admin'))?.type).toContain('(rewritten)');
    expect(rows.find((r) => r.preview === '{"type":"pong","id":7}')?.type).toContain('(auto-reply)');
    expect(rows.find((r) => r.preview === 'a dog and a slow dog')?.type).toContain('(rewritten) (delayed 400 ms)');

    // Switched off one by one: the block rule no longer acts.
    await panel.evaluate(() => ((document.querySelector('[aria-label="Rule"] input[type="checkbox"]') as HTMLInputElement).click()));
    await new Promise((r) => setTimeout(r, 300));
    await page.evaluate(() => (window as any).ws.send('another secret'));
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 3);
    expect(received().at(-1)).toBe('another secret');

    // Kept for the origin: a new panel on the same origin lists them.
    await panel.close();
    const again = await browser.openPanel(page);
    await again.click('.toolbar [data-action="intercept"]');
    await again.waitForFunction(() => document.querySelectorAll('[aria-label="Rule"]').length === 5, undefined, { timeout: 10_000 });
    // Leave no rules behind for the next test on this origin.
    for (let i = 0; i < 5; i++) await again.evaluate(() => (document.querySelector('[aria-label="Rule"] .link') as HTMLElement).click());
    await again.waitForFunction(() => document.querySelectorAll('[aria-label="Rule"]').length === 0, undefined, { timeout: 5000 });
    await again.close();
    await page.close();
  });

  it('an auto-reply "instead of the server" answers the page and the message never reaches the server', async () => {
    server.clearLog();
    const { page, panel } = await open();
    await addRule(panel, { name: 'hello back', direction: 'send', match: '$.type=hello', action: 'autoReply', fields: { 'Reply template': '{"type":"hi"}' } });
    await panel.click('[aria-label="Rule"]:last-of-type input[name="dropOriginal"]');
    await new Promise((r) => setTimeout(r, 400));
    await page.evaluate(() => {
      const ws = (window as any).ws;
      ws.send(JSON.stringify({ type: 'hello' }));
      ws.send('after');
    });
    await server.waitForFrames({ path: '/ic', direction: 'received' }, 1);
    await page.waitForFunction(() => (window as any).got.some((g: string[]) => g[0] === '{"type":"hi"}'), undefined, { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(received()).toEqual(['after']);
    await panel.evaluate(() => (document.querySelector('[aria-label="Rule"] .link') as HTMLElement).click());
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Rule"]').length === 0, undefined, { timeout: 5000 });
    await panel.close();
    await page.close();
  });

  it('socket.io-client keeps working while a rule rewrites its traffic', async () => {
    const page = await browser.newPage();
    await page.goto(server.url('/sio.html'));
    const panel = await browser.openPanel(page);
    await panel.click('.toolbar [data-action="intercept"]');
    await panel.waitFor('[aria-label="Intercept"]');
    await addRule(panel, { name: 'rename', direction: 'receive', match: 'welcome', action: 'replace', fields: { find: '"name":"ann"', 'replace with': '"name":"bob"' } });
    await new Promise((r) => setTimeout(r, 400));
    await page.evaluate(() => (window as any).go());
    await page.waitForFunction(() => (window as any).sum !== undefined, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).welcome)).toMatchObject({ name: 'bob' });
    expect(await page.evaluate(() => (window as any).sum)).toEqual({ sum: 5 });
    expect(socketIo.seen).toContainEqual(['sum', 2, 3]);
    await panel.evaluate(() => (document.querySelector('[aria-label="Rule"] .link') as HTMLElement).click());
    await panel.close();
    await page.close();
  });
});

describe(`intercept on a worker's socket (${browserUnderTestName()})`, () => {
  const workerReceived = () => server.frames({ path: '/icw', direction: 'received' }).map((f) => f.text);

  it("a breakpoint holds a blob: worker's send, edited and forwarded from the panel; a new worker holds too; a rule blocks", async () => {
    server.clearLog();
    const page = await browser.newPage();
    await page.goto(server.url('/icw.html'));
    await page.evaluate(() => (window as any).first.then((w: Worker) => void ((window as any).w1 = w)));
    const panel = await browser.openPanel(page);
    await waitForConnections(panel, 1);
    await panel.click('.toolbar [data-action="intercept"]');
    await panel.waitFor('[aria-label="Intercept"]');
    await addBreakpoint(panel, 'send', 'wk-hold');
    await new Promise((r) => setTimeout(r, 300));

    // A worker that ran before interception was on.
    await page.evaluate(() => ['a', 'wk-hold 1', 'b'].forEach((m) => (window as any).w1.postMessage(m)));
    await server.waitForFrames({ path: '/icw', direction: 'received' }, 1);
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 2, undefined, { timeout: 10_000 });
    expect(workerReceived()).toEqual(['a']);
    expect(await heldTexts(panel)).toEqual([
      ['wk-hold 1', 'paused'],
      ['b', 'waiting'],
    ]);
    await panel.click('[aria-label="Held message"] .secondary-button');
    await setField(panel, 'textarea[aria-label="Edit held message"]', 'wk-hold, edited');
    await panel.click('[aria-label="Held message"] .primary-button');
    await server.waitForFrames({ path: '/icw', direction: 'received' }, 3);
    expect(workerReceived()).toEqual(['a', 'wk-hold, edited', 'b']);

    // A worker created while interception is on holds from its first message.
    await page.evaluate(() => (window as any).startWorker().then((w: Worker) => void ((window as any).w2 = w)));
    await page.evaluate(() => (window as any).w2.postMessage('wk-hold 2'));
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 1, undefined, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(workerReceived()).toHaveLength(3);
    await panel.click('[aria-label="Held message"] .primary-button');
    await server.waitForFrames({ path: '/icw', direction: 'received' }, 4);
    expect(workerReceived().at(-1)).toBe('wk-hold 2');

    // Held for longer than the hook's lease (two checks of a second): the bridge renews it.
    await page.evaluate(() => (window as any).w1.postMessage('wk-hold 3'));
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Held message"]').length === 1, undefined, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 3500));
    expect(workerReceived()).toHaveLength(4);
    await panel.click('[aria-label="Held message"] .primary-button');
    await server.waitForFrames({ path: '/icw', direction: 'received' }, 5);

    // A rule acts on the worker's messages.
    await addRule(panel, { name: 'no worker secrets', direction: 'send', match: 'wk-secret', action: 'block' });
    await new Promise((r) => setTimeout(r, 400));
    await page.evaluate(() => ['my wk-secret', 'after'].forEach((m) => (window as any).w1.postMessage(m)));
    await server.waitForFrames({ path: '/icw', direction: 'received' }, 6);
    await new Promise((r) => setTimeout(r, 300));
    expect(workerReceived()).toEqual(['a', 'wk-hold, edited', 'b', 'wk-hold 2', 'wk-hold 3', 'after']);

    // Leave no rules behind for the next test on this origin.
    await panel.evaluate(() => (document.querySelector('[aria-label="Rule"] .link') as HTMLElement).click());
    await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Rule"]').length === 0, undefined, { timeout: 5000 });
    await panel.close();
    await page.close();
  }, 60_000);
});
