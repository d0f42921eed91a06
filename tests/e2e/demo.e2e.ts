/**
 * The demo that `npm start` opens still produces live traffic: the head-script chat socket, the
 * ticker, the binary socket, the server-closed socket and the refused one, in the browser under
 * test with the extension loaded (whose capture hook must stay transparent to the page).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoServer } from '../fixtures/demo-server.mjs';
import { launchBrowserUnderTest, type BrowserUnderTest } from './harness/browsers';

let demo: Awaited<ReturnType<typeof startDemoServer>>;
let browser: BrowserUnderTest;

beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
  browser = await launchBrowserUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

it('shows every demo socket doing what its card says', async () => {
  const page = await browser.newPage();
  await page.goto(demo.url);
  // Card states are rendered by the page itself from WebSocket events.
  const state = (title: string) =>
    page.evaluate((t) => {
      const card = [...document.querySelectorAll('section')].find((s) => s.querySelector('h2 span')?.textContent === t);
      return card?.querySelector('.state')?.textContent ?? null;
    }, title);
  await page.waitForFunction(() => document.querySelectorAll('section .state').length >= 5, undefined, { timeout: 10_000 });
  await page.waitForFunction(
    () => /pong|joined/.test(document.getElementById('chat-log')?.textContent ?? ''),
    undefined,
    { timeout: 10_000 },
  );
  expect(await state('Chat')).toBe('open');
  expect(await state('Ticker')).toBe('open');
  expect(await state('Binary (arraybuffer)')).toBe('open');
  // The closer is closed by the server after 3 s; the refused one never opens.
  await page.waitForFunction(() => document.body.textContent!.includes('closed 4001 "demo: server closed"'), undefined, { timeout: 10_000 });
  expect(await state('Refused')).toMatch(/^(closed 1006|error)$/);
  // The chat box sends what is typed; the server echoes it back as chat JSON.
  await page.fill('#chat-input', 'hello demo');
  await page.press('Enter');
  await page.waitForFunction(() => document.getElementById('chat-log')!.textContent!.includes('server: hello demo'), undefined, { timeout: 10_000 });
});
