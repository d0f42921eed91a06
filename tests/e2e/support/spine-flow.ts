/**
 * The spine flow, end to end in the browser under test: a page served by the local test server
 * opens sockets from an inline <head> script, from an iframe and after load, exchanges text and
 * binary both ways with both binaryTypes, is closed by client and by server, and fails to connect
 * once. The panel (panel.html?tabId=N) must show every connection and every message exactly as
 * the server logged it: direction, order, size and bytes.
 *
 * One flow, two callers: spine.e2e.ts runs it against the built dist/ folders, package.e2e.ts
 * against the store packages. `launch` says which extension the browser gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserUnderTest, TestPage } from '../harness/browsers';
import { startTestServer, type FrameRecord, type TestServer } from '../harness/ws-server';
import { bytesOfHexDump, openMessage, readConnections, readMessages, selectConnection, waitForConnections, type ConnectionRow } from './panel-reader';

export function describeSpine(title: string, launch: () => Promise<BrowserUnderTest>): void {
  describe(title, () => {
    let server: TestServer;
    let browser: BrowserUnderTest;
    let page: TestPage;
    let panel: TestPage;
    let refusedUrl: string;

    beforeAll(async () => {
      server = await startTestServer();
      server.ws('/chat', { echo: true, protocol: (offered) => (offered.includes('v2') ? 'v2' : false) });
      server.ws('/bin', { echo: true, sendOnConnect: [{ binary: [0, 1, 2, 255] }, 'server text on bin'] });
      server.ws('/frame', { echo: true, sendOnConnect: [{ binary: [10, 20, 30] }] });
      server.ws('/closer', { sendOnConnect: ['bye soon'], closeAfter: { messages: 1, code: 4001, reason: 'server says bye' } });
      refusedUrl = server.refusedWsUrl('/nowhere');
      browser = await launch();
      page = await browser.newPage();
      await page.goto(server.url(`/spine.html?refused=${encodeURIComponent(refusedUrl)}`));
      // Everything the page does, as the server saw it: 3+3 chat, 2+5+5 bin, 1+2+2 frame, 1+1 closer.
      await server.waitForFrames({ path: '/chat' }, 6);
      await server.waitForFrames({ path: '/bin' }, 12);
      await server.waitForFrames({ path: '/frame' }, 5);
      await server.waitForFrames({ path: '/closer' }, 2);
      await server.waitFor(() => server.connections.find((c) => c.path === '/chat')?.closedAt, 10_000, 'chat closed by the client');
      // The panel opens after all of it: what happened before it must be there.
      panel = await browser.openPanel(page);
      await waitForConnections(panel, 5);
      await panel.waitForFunction(() => document.querySelector('[aria-label="Connections"]')?.textContent?.includes('4001'), undefined, { timeout: 15_000 });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function connectionFor(path: string): Promise<ConnectionRow> {
      const rows = await readConnections(panel);
      const row = rows.find((r) => new URL(r.url).pathname === path);
      if (!row) throw new Error(`no connection for ${path} in ${JSON.stringify(rows.map((r) => r.url))}`);
      return row;
    }

    /** Client-side view of the server log: server "received" = page "send". */
    function expectedFrames(path: string) {
      const asClient = (f: FrameRecord) => ({ dir: f.direction === 'received' ? 'send' : 'receive', binary: f.isBinary, bytes: [...f.data] });
      const frames = server.frames({ path });
      return {
        send: frames.filter((f) => f.direction === 'received').map(asClient),
        receive: frames.filter((f) => f.direction === 'sent').map(asClient),
      };
    }

    async function capturedFrames(id: string) {
      await selectConnection(panel, id);
      const rows = await readMessages(panel);
      const frames = [];
      for (const row of rows) {
        const detail = await openMessage(panel, row.seq);
        const binary = detail.kind === 'hex';
        const bytes = binary ? bytesOfHexDump(detail.payload) : [...Buffer.from(detail.kind === 'json' ? JSON.stringify(JSON.parse(detail.payload)) : detail.payload)];
        frames.push({ row, detail, dir: row.dir, binary, bytes });
      }
      return frames;
    }

    it('lists every connection of the tab with its handshake and close facts', async () => {
      const rows = await readConnections(panel);
      expect(rows).toHaveLength(5);
      const chat = await connectionFor('/chat');
      expect(chat).toMatchObject({ frame: 'top', state: 'closed', protocol: 'chat, v2 → v2', finished: true });
      expect(chat.close).toBe('1000 done (clean)');
      const bytes = (frames: { bytes: number[] }[]) => frames.reduce((n, f) => n + f.bytes.length, 0);
      const chatFrames = expectedFrames('/chat');
      expect(chat.sent).toBe(`3 / ${bytes(chatFrames.send)} B`);
      expect(chat.received).toBe(`3 / ${bytes(chatFrames.receive)} B`);

      const frame = await connectionFor('/frame');
      expect(frame.frameUrl).toBe(server.url('/spine-frame.html'));
      expect(frame.frame).toBe(`127.0.0.1:${server.port}/spine-frame.html`);
      expect(frame.state).toBe('open');

      const closer = await connectionFor('/closer');
      expect(closer).toMatchObject({ state: 'closed', close: '4001 server says bye (clean)' });

      const refused = rows.find((r) => r.url === refusedUrl);
      expect(refused).toMatchObject({ state: 'error' });
      expect(refused!.close).toMatch(/^1006 .*\(not clean\)$/);

      expect((await connectionFor('/bin')).state).toBe('open');
    });

    for (const path of ['/chat', '/bin', '/frame', '/closer']) {
      it(`shows every message of ${path} in order with exact bytes and sizes`, async () => {
        const captured = await capturedFrames((await connectionFor(path)).id);
        const expected = expectedFrames(path);
        const strip = (f: { dir: string; binary: boolean; bytes: number[] }) => ({ dir: f.dir, binary: f.binary, bytes: f.bytes });
        expect(captured.filter((f) => f.dir === 'send').map(strip)).toEqual(expected.send);
        expect(captured.filter((f) => f.dir === 'receive').map(strip)).toEqual(expected.receive);
        for (const f of captured) {
          expect(f.row.size).toBe(f.bytes.length);
          expect(f.row.type).toBe(f.binary ? 'binary' : 'text');
          expect(f.row.time).toMatch(/^\d\d:\d\d:\d\d\.\d\d\d$/);
          expect(f.row.rel).toMatch(/^\+\d+\.\d{3} s$/);
          expect(f.row.label).toContain(f.dir === 'send' ? 'sent' : 'received');
          expect(f.detail.facts.size).toBe(`${f.bytes.length} B`);
        }
        // Arrival order: times never go backwards down the timeline.
        const times = captured.map((f) => f.row.time);
        expect([...times].sort()).toEqual(times);
      });
    }

    it('pretty-prints JSON payloads and previews text on one line', async () => {
      await selectConnection(panel, (await connectionFor('/chat')).id);
      const rows = await readMessages(panel);
      const json = rows.find((r) => r.dir === 'send' && r.preview.startsWith('{'))!;
      expect(json.preview).toBe('{"a":1,"b":[true,null],"s":"x"}');
      const detail = await openMessage(panel, json.seq);
      expect(detail.kind).toBe('json');
      expect(detail.payload).toBe(JSON.stringify({ a: 1, b: [true, null], s: 'x' }, null, 2));
    });

    it('keeps capturing live after the panel opened', async () => {
      await page.evaluate(() => {
        const ws = new WebSocket(`ws://${location.host}/late`);
        ws.onopen = () => ws.send('late message');
      });
      await waitForConnections(panel, 6);
      const late = await connectionFor('/late');
      await selectConnection(panel, late.id);
      await panel.waitForFunction(() => document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq]').length >= 2, undefined, { timeout: 10_000 });
      const rows = await readMessages(panel);
      expect(rows.map((r) => [r.dir, r.preview])).toEqual([
        ['send', 'late message'],
        ['receive', 'late message'],
      ]);
    });
  });
}
