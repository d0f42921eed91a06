/**
 * The panel in Simplified Chinese, in the browser under test started in zh-CN: with text and
 * binary traffic, a closed and a refused connection, a filter that does not parse, a rule that
 * cannot run, a file that does not import and a message's details open, no English word is left
 * in the panel's visible text. Captured data (payloads, URLs, close reasons, headers, decoded
 * fields: every element marked `data-untranslated`) is left out, and so are the few names that
 * stay as they are in every language (below).
 *
 * The panel's accessible names are Chinese here, so this file finds its controls by class and
 * data attributes, not through support/panel-reader.ts. FRAMELINE_SHOW_TEXT=1 prints the text
 * that was checked. The browsers need their zh-CN language packs (installed by the harness).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';

const SHOTS_DIR = resolve(process.env.FRAMELINE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots');

/**
 * Names every locale keeps: protocols, formats and APIs (`WebSocket`, `JSON`, `HAR`,
 * `ws.send()`...), the browser feature "Service Worker", and units.
 */
const KEPT_AS_IS = ['WebSocket', 'Service Worker', 'URL', 'JSON', 'Base64', 'UTF-8', 'HAR', 'NDJSON', 'ws.send()', 'websocat', 'kB', 'MB', 'ms'];

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/echo', { echo: true });
  server.ws('/bin', { echo: true });
  server.ws('/closer', { closeAfter: { messages: 0, code: 4000 } });
  server.route(
    '/zh.html',
    `<!doctype html><html><head><meta charset="utf-8"><title>zh</title><script>
      const text = new WebSocket('ws://' + location.host + '/echo');
      text.onopen = () => text.send(JSON.stringify({ type: 'hello', n: 1 }));
      const bin = new WebSocket('ws://' + location.host + '/bin');
      bin.binaryType = 'arraybuffer';
      bin.onopen = () => bin.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x48, 0x69]));
      new WebSocket('ws://' + location.host + '/closer');
      new WebSocket(${JSON.stringify(server.refusedWsUrl())});
    </script></head><body>zh</body></html>`,
  );
  browser = await launchBrowserUnderTest(undefined, undefined, { locale: 'zh-CN' });
  page = await browser.newPage();
  await page.goto(server.url('/zh.html'));
  await server.waitForFrames({ path: '/echo' }, 2);
  await server.waitForFrames({ path: '/bin' }, 2);
  panel = await browser.openPanel(page);
  await panel.waitForFunction(
    () => {
      const states = [...document.querySelectorAll('.connections [data-col="state"]')].map((cell) => cell.getAttribute('data-state'));
      return states.length === 4 && states.includes('closed') && states.includes('error');
    },
    undefined,
    { timeout: 15_000 },
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The panel's visible text without the captured data in it. */
function visibleWords(target: TestPage): Promise<string> {
  return target.evaluate(() => {
    const data = [...document.querySelectorAll<HTMLElement>('[data-untranslated]')];
    const before = data.map((el) => el.style.display);
    for (const el of data) el.style.display = 'none';
    try {
      return document.body.innerText;
    } finally {
      data.forEach((el, i) => (el.style.display = before[i]));
    }
  });
}

/** Sets an input or select the way typing or choosing does (Preact listens to input and change). */
async function setField(target: TestPage, selector: string, value: string): Promise<void> {
  await target.evaluate(
    ({ s, v }) => {
      const el = [...document.querySelectorAll(s)].pop() as HTMLInputElement | HTMLSelectElement | undefined;
      if (!el) throw new Error(`no ${s}`);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { s: selector, v: value },
  );
}

describe(`the panel in Simplified Chinese (${browserUnderTestName()})`, () => {
  it('runs in the browser’s language', async () => {
    expect(await panel.evaluate(() => document.documentElement.lang)).toMatch(/^zh/);
  });

  it('shows no English word outside captured data, errors included', async () => {
    // A filter that does not parse.
    await setField(panel, 'input.filter', '(');
    await panel.waitFor('#filter-error');
    // A rule that cannot run: an auto-reply answers what the page sends, and a new rule watches what it receives.
    await panel.click('.toolbar [data-action="intercept"]');
    await panel.waitFor('.intercept');
    await panel.evaluate(() => ([...document.querySelectorAll('.intercept > .secondary-button')].pop() as HTMLElement).click());
    await panel.waitFor('.intercept .rule');
    await setField(panel, '.intercept .rule > .rule-row:nth-of-type(2) > select', 'autoReply');
    await panel.waitFor('.intercept .rule [role="alert"]');
    // A file that does not import (cut short).
    await panel.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['{"log": {"entries": ['], '损坏的日志', { type: 'application/json' }));
      document.querySelector('.app')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await panel.waitForFunction(() => document.querySelector('.problem[role="alert"]')?.textContent?.includes('损坏的日志'), undefined, { timeout: 10_000 });
    // A binary message's details, with its views and "Copy as" links.
    await panel.waitForFunction(() => [...document.querySelectorAll('.messages [role="row"][data-seq]')].some((row) => row.textContent?.includes('二进制')), undefined, { timeout: 10_000 });
    await panel.evaluate(() => ([...document.querySelectorAll('.messages [role="row"][data-seq]')].find((row) => row.textContent?.includes('二进制')) as HTMLElement).click());
    await panel.waitFor('.details pre.payload-hex');

    // A picture of the panel in Chinese, for people to look at (docs/screenshots with FRAMELINE_SCREENSHOTS=1).
    mkdirSync(SHOTS_DIR, { recursive: true });
    await panel.screenshot(resolve(SHOTS_DIR, `${browserUnderTestName()}-zh-CN.png`));

    const text = await visibleWords(panel);
    if (process.env.FRAMELINE_SHOW_TEXT) console.log(text);
    // What the panel says is there, in Chinese.
    expect(text).toContain('已关闭'); // a connection's state
    expect(text).toContain('出错'); // the refused connection's state
    expect(text).toMatch(/二进制 6 B：/); // the binary preview
    expect(await panel.textContent('#filter-error')).toContain('未闭合');
    expect(await panel.textContent('.intercept .rule [role="alert"]')).toContain('自动回复');
    expect(await panel.textContent('.problem[role="alert"]')).toMatch(/无法导入 损坏的日志：不是 JSON：.*截断/);

    let rest = text;
    for (const name of KEPT_AS_IS) rest = rest.split(name).join(' ');
    const english = rest.split('\n').filter((line) => /[A-Za-z]{2,}/.test(line));
    expect(english, 'lines with English words').toEqual([]);
  });
});
