/**
 * Issue 15, item 7: after four 64 MiB messages (text and binary, both directions) the panel must
 * answer at once, at the default truncation size (4 MiB) and at the largest Settings allows
 * (32 MiB, src/protocol/settings.ts). It used to take 1 to 16 s (decoder detection decoding every
 * payload at every render, payload views laid out whole), and at the old 1 GiB maximum the
 * messages never reached the panel in Chromium (runtime messages over 64 MiB are refused).
 *
 * capture/huge.html's `sendPair(size)` sends a text of `size` UTF-8 bytes ("ab€😀" repeated) and
 * `size` binary bytes on /huge-ab, which echoes both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import type { TestServer } from '../harness/ws-server';
import { bringToFront, openHugePage, setSettings, sleep, waitForCounts } from './capture-support';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
/** A click must be answered within this (coarse: the requirement is 1 s, the machines are slow and shared). */
const ANSWER_MS = 2000;
/** src/panel/details/MessageDetails.tsx: PAYLOAD_SHOW_MAX. */
const PAYLOAD_SHOW_MAX = 8 * MiB;

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

beforeAll(async () => {
  ({ server, browser, page, panel } = await openHugePage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** UTF-16 length of the first `bytes` bytes of huge.html's text ("ab€😀": 9 bytes, 5 units). */
function keptTextLength(bytes: number): number {
  const rest = bytes % 9;
  return Math.floor(bytes / 9) * 5 + (rest >= 1 ? 1 : 0) + (rest >= 2 ? 1 : 0) + (rest >= 5 ? 1 : 0);
}

/** Sends the pair, waits for the page's echoes and the panel's counts (after `previous` pairs). */
async function sendPair(previous: number): Promise<void> {
  const before = server.log.length;
  await page.evaluate((size) => (window as any).sendPair(size), SIZE);
  await server.waitFor(() => server.log.length >= before + 4, 60_000, 'two 64 MiB messages and their echoes');
  await waitForCounts(panel, '/huge-ab', previous + 2, previous + 2, 60_000);
}

/**
 * Clicks `target` in the panel and returns how long until `done` holds (polled every 10 ms: a
 * blocked main thread delays the poll as it delays the user) and the page is laid out.
 */
function answerMs(target: string, done: string): Promise<number> {
  return panel.evaluate(
    async ({ target, done }) => {
      const started = performance.now();
      (document.querySelector(target) as HTMLElement).click();
      while (!document.querySelector(done)) {
        if (performance.now() - started > 30_000) throw new Error(`no ${done} 30 s after clicking ${target}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      void document.body.offsetHeight; // the layout of what the click brought, which the user waits for too
      return performance.now() - started;
    },
    { target, done },
  );
}

/** Selects /huge-ab, then its newest text and binary messages; returns the three answer times and the details read. */
async function clickThrough(): Promise<{ ms: number[]; text: string; binary: string; rows: string[] }> {
  await bringToFront(panel);
  const connId = await panel.evaluate(() =>
    [...document.querySelectorAll('[aria-label="Connections"] [role="row"][data-conn-id]')]
      .find((row) => row.querySelector('[data-col="url"]')?.textContent?.endsWith('/huge-ab'))!
      .getAttribute('data-conn-id'),
  );
  // Start from no selection (Escape in the Connections grid), so that selecting is work to do.
  await panel.evaluate(() => document.querySelector('[aria-label="Connections"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
  await panel.waitForFunction(() => !document.querySelector('[aria-label="Connections"] [aria-selected="true"]'));
  const rowSelector = (kind: string) => `[aria-label="Messages"] [role="row"][data-seq]:nth-last-child(${kind === 'binary' ? 1 : 2})`;
  const ms = [await answerMs(`[aria-label="Connections"] [data-conn-id="${connId}"]`, `[aria-label="Connections"] [data-conn-id="${connId}"][aria-selected="true"]`)];
  // The rows come in arrival order: ... text sent, binary sent, text echoed, binary echoed.
  ms.push(await answerMs(rowSelector('text'), `${rowSelector('text')}[aria-selected="true"]`));
  const text = await panel.evaluate(() => document.querySelector('[aria-label="Message details"] .tab-body')?.textContent?.slice(-200) ?? '');
  ms.push(await answerMs(rowSelector('binary'), `${rowSelector('binary')}[aria-selected="true"]`));
  await panel.click('[aria-label="Message details"] [role="tab"]:nth-child(2)'); // Base64
  const binary = await panel.evaluate(() => document.querySelector('[aria-label="Message details"] .tab-body')?.textContent?.slice(-200) ?? '');
  const rows = await panel.evaluate(() => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]')].map((r) => `${r.querySelector('[data-col="size"]')!.getAttribute('data-bytes')} ${r.querySelector('[data-col="type"]')!.textContent}`));
  return { ms, text, binary, rows };
}

describe(`huge messages, responsiveness (${browserUnderTestName()})`, () => {
  it('four 64 MiB messages at the default truncation size: the panel answers clicks at once', async () => {
    await sendPair(0);
    const { ms, text, binary, rows } = await clickThrough();
    console.log(`huge-responsive (${browserUnderTestName()}, 4 MiB kept): clicks answered in ${ms.map(Math.round).join(', ')} ms`);
    for (const m of ms) expect(m).toBeLessThan(ANSWER_MS);
    expect(rows).toEqual(['67108864 text (truncated)', '67108864 binary (truncated)', '67108864 text (truncated)', '67108864 binary (truncated)']);
    // The kept 4 MiB prefixes reached the panel whole: "Show all" counts what is not shown yet.
    expect(text).toContain(`Show all (${keptTextLength(4 * MiB) - 256 * 1024} more characters)`);
    expect(binary).toContain(`Show all (${4 * Math.ceil((4 * MiB) / 3) - 256 * 1024} more characters)`);
  }, 180_000);

  it('and at the largest truncation size Settings allows (32 MiB kept per message)', async () => {
    await setSettings(panel, { maxMessageBytes: 32 * MiB });
    await sleep(300); // the bridge hears storage.onChanged with the panel, then tells the hook
    await sendPair(2);
    const { ms, text, binary, rows } = await clickThrough();
    console.log(`huge-responsive (${browserUnderTestName()}, 32 MiB kept): clicks answered in ${ms.map(Math.round).join(', ')} ms`);
    for (const m of ms) expect(m).toBeLessThan(ANSWER_MS);
    expect(rows.slice(-4)).toEqual(['67108864 text (truncated)', '67108864 binary (truncated)', '67108864 text (truncated)', '67108864 binary (truncated)']);
    // 32 MiB prefixes arrived whole (in Chromium too: one runtime message each, under 64 MiB), and
    // the views offer a bounded part of them rather than all.
    expect(text).toContain(`Show the first ${PAYLOAD_SHOW_MAX} characters (of ${keptTextLength(32 * MiB)})`);
    expect(binary).toContain(`Show the first ${PAYLOAD_SHOW_MAX} characters (of ${4 * Math.ceil((32 * MiB) / 3)})`);
  }, 180_000);
});
