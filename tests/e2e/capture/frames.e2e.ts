/**
 * Issue "The capture hook: invisible, complete": sockets in every frame are captured, each shown
 * with the URL of the frame that made it.
 *
 * capture/frames.html opens a socket in the top document and in a same-origin iframe, a
 * cross-origin iframe (the localhost alias of the test server), an about:blank iframe scripted by
 * its parent with contentWindow.eval, an about:blank iframe the parent writes a <script> into, a
 * srcdoc iframe, a sandboxed (opaque-origin) srcdoc iframe, a data: URL iframe, an iframe created
 * after load, and a cross-origin iframe nested in a same-origin one. It also takes `WebSocket`
 * from a fresh about:blank iframe's contentWindow synchronously and uses it from the parent.
 * Every socket sends a text and a binary message and gets both echoed: the panel must show each
 * connection with its frame's URL and all four messages with exact bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type TestServer } from '../harness/ws-server';
import { connectionByPath, expectSameAsWire, pathOf, readPanel, waitForCounts, waitForPaths, wireFrames, type PanelConnection } from './capture-support';

/** The sockets of capture/frames.html, by the frame each is made in. */
const NAMES = ['top', 'same', 'cross', 'blank-eval', 'blank-write', 'srcdoc', 'sandboxed-srcdoc', 'data-url', 'late', 'nest-outer', 'nest-inner', 'pristine'];

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let shown: PanelConnection[];
let topUrl: string;

/** Socket name -> the URL of the frame it was made in, as the panel must show it. */
function expectedFrames(): Record<string, { frameUrl: string; frame: string; socketHost: string }> {
  const own = `127.0.0.1:${server.port}`;
  const alt = `localhost:${server.port}`;
  const child = (name: string, origin = server.origin) => `${origin}/capture/frames-child.html?name=${name}`;
  const at = (url: string, socketHost = own) => ({ frameUrl: url, frame: url.replace(/^[a-z]+:\/\//, ''), socketHost });
  return {
    top: { frameUrl: topUrl, frame: 'top', socketHost: own },
    same: at(child('same')),
    cross: at(child('cross', server.altOrigin), alt),
    // about: frames are named by their whole URL in the Frame column.
    'blank-eval': { frameUrl: 'about:blank', frame: 'about:blank', socketHost: own },
    'blank-write': { frameUrl: 'about:blank', frame: 'about:blank', socketHost: own },
    srcdoc: { frameUrl: 'about:srcdoc', frame: 'about:srcdoc', socketHost: own },
    'sandboxed-srcdoc': { frameUrl: 'about:srcdoc', frame: 'about:srcdoc', socketHost: own },
    'data-url': { frameUrl: '', frame: '', socketHost: own }, // checked on its own below
    late: at(child('late')),
    'nest-outer': at(`${child('nest-outer')}&child=${encodeURIComponent(child('nest-inner', server.altOrigin))}`),
    'nest-inner': at(child('nest-inner', server.altOrigin), alt),
    pristine: { frameUrl: 'about:blank', frame: 'about:blank', socketHost: own },
  };
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  topUrl = server.url(`/capture/frames.html?alt=${encodeURIComponent(server.altOrigin)}`);
  await page.goto(topUrl);
  const names = NAMES;
  // Each socket: 2 sent + 2 echoed, as the server saw it.
  for (const name of names) await server.waitForFrames({ path: `/f/${name}` }, 4, 10_000);
  const panel = await browser.openPanel(page);
  await waitForPaths(panel, names.map((n) => `/f/${n}`)).catch(() => undefined); // the tests name what is missing
  for (const name of names) await waitForCounts(panel, `/f/${name}`, 2, 2, 5_000).catch(() => undefined);
  shown = await readPanel(panel);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`sockets in every frame (${browserUnderTestName()})`, () => {
  it('the page ran without errors and every socket reached the server', async () => {
    expect(await page.evaluate(() => (window as any).__errors)).toEqual([]);
    expect(new Set(server.connections.map((c) => c.path))).toEqual(new Set(Object.keys(expectedFrames()).map((n) => `/f/${n}`)));
  });

  it('lists exactly one connection per socket, nothing else', () => {
    expect(shown.map((c) => pathOf(c.url)).sort()).toEqual(Object.keys(expectedFrames()).map((n) => `/f/${n}`).sort());
  });

  for (const name of NAMES) {
    it(`socket in frame "${name}": shown with its frame's URL and every message exact`, () => {
      const want = expectedFrames()[name];
      const conn = connectionByPath(shown, `/f/${name}`);
      expect(new URL(conn.url).host).toBe(want.socketHost);
      if (name === 'data-url') {
        // A data: document's URL is the whole data: URL.
        expect(conn.frameUrl.startsWith('data:text/html,')).toBe(true);
        expect(decodeURIComponent(conn.frameUrl)).toContain("/f/data-url'");
      } else {
        expect(conn.frameUrl).toBe(want.frameUrl);
        if (want.frame) expect(conn.frame).toBe(want.frame);
      }
      expect(conn.state).toBe('open');
      expectSameAsWire(conn, wireFrames(server, { path: `/f/${name}` }), name);
      expect(conn.messages).toHaveLength(4);
    });
  }

  it('the pristine WebSocket really came from the fresh iframe (and is captured there)', async () => {
    expect(await page.evaluate(() => (window as any).__pristine)).toEqual({ differs: true });
    const conn = connectionByPath(shown, '/f/pristine');
    // Made by the parent's code, but it belongs to the about:blank frame's window: its hook.
    expect(conn.frameUrl).toBe('about:blank');
  });
});
