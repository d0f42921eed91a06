/**
 * Under steady traffic (20 msg/s) the message counts stay live on screen, but what screen
 * readers are told (the panel's live regions) changes at most once every few seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { waitForConnections } from '../support/panel-reader';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>live</title><script>
  window.feed = new WebSocket('ws://' + location.host + '/feed');
  window.stream = (ms) => { let i = 0; const timer = setInterval(() => feed.send('tick ' + i++), 50); setTimeout(() => clearInterval(timer), ms); };
</script></head><body><p>live</p></body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/live.html', PAGE);
  server.ws('/feed', {});
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/live.html'));
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 1);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`live regions (${browserUnderTestName()})`, () => {
  it('announce the counts at most once every few seconds while the visible counter follows the traffic', async () => {
    await panel.evaluate(() => {
      const w = window as any;
      w.liveChanges = 0;
      w.visibleChanges = 0;
      const live = () => [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]')];
      const seen = new Map<Element, string>();
      new MutationObserver(() => {
        for (const region of live()) {
          const text = region.textContent ?? '';
          if (seen.has(region) && seen.get(region) !== text) w.liveChanges++;
          seen.set(region, text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      for (const region of live()) seen.set(region, region.textContent ?? '');
      new MutationObserver(() => w.visibleChanges++).observe(document.querySelector('.counts')!, { subtree: true, childList: true, characterData: true });
    });
    const seconds = 6;
    await page.evaluate((ms) => (window as any).stream(ms), seconds * 1000);
    await new Promise((r) => setTimeout(r, seconds * 1000 + 500));
    const { liveChanges, visibleChanges } = await panel.evaluate(() => ({ liveChanges: (window as any).liveChanges as number, visibleChanges: (window as any).visibleChanges as number }));
    // One announcement per 5 s, plus the first change.
    const allowed = Math.ceil(seconds / 5) + 1;
    // The visible counter changes more often (about once a second at least: a background tab,
    // as the panel is in Firefox here, runs its timers once a second).
    expect(visibleChanges).toBeGreaterThan(allowed);
    expect(liveChanges).toBeLessThanOrEqual(allowed);
  });
});
