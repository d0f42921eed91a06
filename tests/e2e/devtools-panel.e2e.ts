/**
 * The one test through the real Chrome DevTools (Chromium only): the "WebSockets" panel appears
 * in the inspected tab's DevTools and loads panel.html. Everything else about the panel is tested
 * with the panel in a normal tab, which needs no DevTools internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, extensionDirFor } from './harness/browsers';
import { launchChromium, openDevToolsPanel, type ChromiumSession } from './harness/chromium';
import { startTestServer, type TestServer } from './harness/ws-server';

describe.skipIf(browserUnderTestName() !== 'chromium')('DevTools panel (chromium)', () => {
  let server: TestServer;
  let session: ChromiumSession;

  beforeAll(async () => {
    server = await startTestServer();
    session = await launchChromium({ extensionDir: extensionDirFor('chromium'), devtools: true });
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('shows the WebSockets panel inside DevTools for the inspected tab', async () => {
    const page = await session.newPage();
    await page.goto(server.url('/blank.html'));
    const devtools = await openDevToolsPanel(session, page);
    try {
      expect(devtools.panelFrame.url()).toBe(`chrome-extension://${session.extensionId}/panel.html`);
      const tabId = await devtools.panelFrame.evaluate(() => (globalThis as any).chrome.devtools.inspectedWindow.tabId);
      expect(tabId).toBe(await session.tabIdOf(page));
      // The panel page has DevTools' theme API itself and follows it (extension/panel/page-setup.ts).
      const theme = await devtools.panelFrame.evaluate(() => {
        const panels = (globalThis as any).chrome.devtools.panels;
        return { name: panels.themeName as unknown, handler: typeof panels.setThemeChangeHandler, dark: document.documentElement.classList.contains('theme-dark') };
      });
      expect(typeof theme.name).toBe('string');
      expect(theme.handler).toBe('function');
      expect(theme.dark).toBe(theme.name === 'dark');
    } finally {
      await devtools.disconnect();
    }
  });

  it("DevTools' own search bar (Ctrl+F over the panel) fills the panel's Filter box", async () => {
    const page = await session.newPage();
    await page.goto(server.url('/blank.html'));
    const devtools = await openDevToolsPanel(session, page);
    try {
      const filterValue = () => devtools.panelFrame.evaluate(() => (document.querySelector('input[aria-label="Filter"]') as HTMLInputElement | null)?.value);
      await devtools.panelFrame.waitForFunction(() => !!document.querySelector('input[aria-label="Filter"]'));
      // Focus on DevTools' own UI (not the panel's frame): Ctrl+F opens DevTools' search bar.
      await devtools.devtoolsPage.bringToFront();
      await devtools.devtoolsPage.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await devtools.devtoolsPage.keyboard.down('Control');
      await devtools.devtoolsPage.keyboard.press('f');
      await devtools.devtoolsPage.keyboard.up('Control');
      await new Promise((r) => setTimeout(r, 500));
      await devtools.devtoolsPage.keyboard.type('trade');
      await devtools.panelFrame.waitForFunction(() => (document.querySelector('input[aria-label="Filter"]') as HTMLInputElement).value === 'trade', { timeout: 10_000 });
      expect(await filterValue()).toBe('trade');
      // The text came through onSearch, not by typing into the box itself.
      expect(await devtools.panelFrame.evaluate(() => document.hasFocus() && document.activeElement?.getAttribute('aria-label') === 'Filter')).toBe(false);
    } finally {
      await devtools.disconnect();
    }
  });
});
