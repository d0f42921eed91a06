/**
 * Issue "The capture hook: invisible, complete": every message in arrival order, with exact
 * bytes, even when Blob reads finish out of order.
 *
 * With binaryType "blob" the hook reads each binary message asynchronously, and a 3 MiB Blob
 * takes longer to read than a tiny one. capture/blob-order.html makes that happen both ways:
 * the server sends 3 MiB then tiny frames, the page sends a 3 MiB Blob then small strings; and
 * on a second socket the server sends binary frames of decreasing size (reads finish in reverse
 * order) between texts. The panel's order per direction must equal the wire's, with exact sizes
 * and bytes (for the big payloads: the size and the first 64 KiB the hex view shows), and the
 * page's own listeners must still get every whole message in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import { startTestServer, type ScriptedFrame, type TestServer } from '../harness/ws-server';
import { connectionByPath, expectSameAsWire, readPanel, sha256, waitForCounts, wireFrames, type PanelConnection } from './capture-support';

const MiB = 1024 * 1024;

function pattern(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 255;
  return bytes;
}

/** Decreasing sizes, 1 MiB down to 1 byte, with a text after each. */
const MANY: ScriptedFrame[] = [MiB, 256 * 1024, 64 * 1024, 4096, 100, 1].flatMap((size, i) => [pattern(size, i), `after ${size}`]);

let server: TestServer;
let browser: BrowserUnderTest;
let page: TestPage;
let shown: PanelConnection[];

beforeAll(async () => {
  server = await startTestServer();
  server.ws('/order', { sendOnConnect: [pattern(3 * MiB, 7), 'tiny-1', { binary: [1] }, 'tiny-2', { binary: [2, 3] }, 'tiny-3'] });
  server.ws('/order-many', { sendOnConnect: MANY });
  browser = await launchBrowserUnderTest();
  page = await browser.newPage();
  await page.goto(server.url('/capture/blob-order.html'));
  await server.waitForFrames({ path: '/order' }, 12);
  await server.waitForFrames({ path: '/order-many' }, MANY.length);
  await page.waitForFunction(() => {
    const r = (window as any).__received;
    return r?.order?.length === 6 && r?.many?.length === 12 && [...r.order, ...r.many].every(Boolean);
  });
  const panel = await browser.openPanel(page);
  await waitForCounts(panel, '/order', 6, 6);
  await waitForCounts(panel, '/order-many', 0, MANY.length);
  shown = await readPanel(panel);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`Blob reads out of order (${browserUnderTestName()})`, () => {
  it("the page's listeners still got every whole message, in order", async () => {
    const { received, errors } = await page.evaluate(() => ({ received: (window as any).__received, errors: (window as any).__errors }));
    expect(errors).toEqual([]);
    const asPage = (path: string) =>
      server.frames({ path, direction: 'sent' }).map((f) => (f.isBinary ? `b:${f.data.length}:${sha256(f.data)}` : `t:${f.text}`));
    expect(received.order).toEqual(asPage('/order'));
    expect(received.many).toEqual(asPage('/order-many'));
  });

  it('/order: a 3 MiB frame or Blob first, tiny ones after: panel order = wire order, both ways', () => {
    const conn = connectionByPath(shown, '/order');
    const wire = wireFrames(server, { path: '/order' });
    expect(wire.filter((m) => m.dir === 'send').map((m) => m.size)).toEqual([3 * MiB, 7, 7, 3, 9, 7]);
    expect(wire.filter((m) => m.dir === 'receive').map((m) => m.size)).toEqual([3 * MiB, 6, 1, 6, 2, 6]);
    expectSameAsWire(conn, wire, '/order');
    expect(conn.sent).toBe('6 / 3.1 MB'); // 3 MiB + 33 B, in decimal units
  });

  it('/order-many: reads that finish in reverse order still land in wire order', () => {
    const conn = connectionByPath(shown, '/order-many');
    expectSameAsWire(conn, wireFrames(server, { path: '/order-many' }), '/order-many');
    expect(conn.messages!.map((m) => m.size)).toEqual(MANY.map((f) => (typeof f === 'string' ? f.length : (f as Uint8Array).length)));
  });
});
