/**
 * axe-core on the panel in the browser under test: the list with traffic, a message's details
 * open, each dialog open, in the light and the dark theme. No critical or serious violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { readConnections, selectConnection, waitForConnections } from '../support/panel-reader';
import { seriousViolations, type AxeFinding } from '../support/axe';

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let panel: TestPage;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>a11y</title><script>
  const feed = new WebSocket('ws://' + location.host + '/feed');
  feed.onopen = () => {
    for (let i = 0; i < 30; i++) feed.send(JSON.stringify({ type: i % 3 ? 'quote' : 'trade', i, px: 100 + i }));
  };
  const bin = new WebSocket('ws://' + location.host + '/bin');
  bin.binaryType = 'arraybuffer';
  bin.onopen = () => bin.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
</script></head><body><p>a11y</p></body></html>`;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/a11y.html', PAGE);
  server.ws('/feed', { echo: true });
  server.ws('/bin', { echo: true });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/a11y.html'));
  await server.waitForFrames({ path: '/feed' }, 60);
  panel = await browser.openPanel(page);
  await waitForConnections(panel, 2);
  const feed = (await readConnections(panel)).find((c) => c.url.endsWith('/feed'))!;
  await selectConnection(panel, feed.id);
  await panel.waitForFunction(() => Number(document.querySelector('[aria-label="Messages"]')!.getAttribute('aria-rowcount')) - 1 >= 20, undefined, { timeout: 10_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Findings of every view of a run, so one failure lists them all, not only the first view's. */
async function audit(view: string, into: { view: string; findings: AxeFinding[] }[]): Promise<void> {
  const findings = await seriousViolations(panel);
  if (findings.length) into.push({ view, findings });
}

async function openDialog(name: string): Promise<void> {
  await panel.click({ role: 'button', name });
  await panel.waitFor('dialog[open]');
}

async function closeDialog(): Promise<void> {
  await panel.press('Escape');
  await panel.waitForFunction(() => !document.querySelector('dialog'), undefined, { timeout: 5000 });
}

async function chooseTheme(theme: 'light' | 'dark'): Promise<void> {
  await openDialog('Settings');
  await panel.evaluate((value) => {
    const select = document.querySelector('dialog select[aria-label="Theme"]') as HTMLSelectElement;
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, theme);
  await panel.click('dialog button[type="submit"]');
  await panel.waitForFunction((dark) => document.documentElement.classList.contains('theme-dark') === dark, theme === 'dark', { timeout: 5000 });
}

describe(`axe-core on the panel (${browserUnderTestName()})`, () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: list, details, and every dialog have no critical or serious violation`, async () => {
      const found: { view: string; findings: AxeFinding[] }[] = [];
      await chooseTheme(theme);
      await audit('list', found);
      await panel.click('[aria-label="Messages"] [role="row"][data-seq]');
      await panel.waitFor('[aria-label="Message details"] pre.payload');
      await audit('message details', found);
      for (const name of ['Settings', 'Export HAR', 'New connection']) {
        await openDialog(name);
        await audit(`${name} dialog`, found);
        await closeDialog();
      }
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
    });
  }

  it('leaves the light theme on for later runs', async () => {
    await openDialog('Settings');
    await panel.evaluate(() => {
      const select = document.querySelector('dialog select[aria-label="Theme"]') as HTMLSelectElement;
      select.value = 'auto';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await panel.click('dialog button[type="submit"]');
    await panel.waitForFunction(() => !document.querySelector('dialog'), undefined, { timeout: 5000 });
  });
});
