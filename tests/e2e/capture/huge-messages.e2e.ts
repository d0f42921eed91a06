/**
 * Issue "The capture hook: invisible, complete": above a configurable size (default 4 MiB) the
 * log keeps a prefix, the exact size and a "truncated" mark, and says so in the panel; the page
 * still gets the whole message.
 *
 * capture/huge.html sends and receives (echo) 5 MiB messages: a text mixing 1-, 3- and 4-byte
 * UTF-8 characters, an ArrayBuffer view (received as an ArrayBuffer) and a Blob (received as a
 * Blob). The page checks it got every whole message (size and SHA-256 against the server's log).
 * The panel must show each with its exact size and a truncated mark in the row, say "truncated"
 * in the details, and show a prefix equal to the first bytes, of exactly the limit's length (for
 * text: the longest prefix of whole characters within the limit).
 * Then the limit is set to 1 MiB in the settings (storage.local, from the panel page): 2 MB
 * messages are kept as 1 MiB prefixes, on the open page and on a page loaded after the change
 * that sends at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, type BrowserUnderTest, type TestPage } from '../harness/browsers';
import type { FrameRecord, TestServer } from '../harness/ws-server';
import { openHugePage, readPanel, setSettings, sha256, sleep, waitForCounts, type PanelConnection, type PanelMessage } from './capture-support';

const MiB = 1024 * 1024;
/** Characters a payload view renders before "Show all" (src/panel/details/MessageDetails.tsx). */
const VIEW_LIMIT = 256 * 1024;

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

/** The longest prefix of whole UTF-8 characters within `max` bytes. */
function utf8Prefix(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let cut = max;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--; // never start inside a character
  return bytes.subarray(0, cut);
}

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** Sends `size`-byte messages from the page and waits for them and their echoes everywhere. */
async function exchange(size: number, previous: number): Promise<{ frames: FrameRecord[]; received: string[] }> {
  const before = server.log.length;
  await page.evaluate((s) => (window as any).sendBig(s), size);
  return collect(before, previous);
}

/** The six frames logged after `logFrom`, once the page and the panel (after `previous` exchanges) have them all. */
async function collect(logFrom: number, previous: number): Promise<{ frames: FrameRecord[]; received: string[] }> {
  await server.waitFor(() => server.log.length >= logFrom + 6, 20_000, 'three messages and their echoes');
  const frames = server.log.slice(logFrom);
  await page.waitForFunction((n) => (window as any).__received.length >= n && (window as any).__received.every(Boolean), 3, { timeout: 20_000 });
  const received: string[] = await page.evaluate(() => (window as any).__received.splice(0));
  await waitForCounts(panel, '/huge-ab', 2 * previous + 2, 2 * previous + 2, 20_000);
  await waitForCounts(panel, '/huge-blob', previous + 1, previous + 1, 20_000);
  return { frames, received };
}

/** The panel's message for a wire frame: same connection path, direction and order. */
function pairs(frames: FrameRecord[], byPath: Map<string, PanelMessage[]>) {
  const seen = new Map<string, number>();
  return frames.map((frame) => {
    const key = `${frame.path} ${frame.direction}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const dir = frame.direction === 'received' ? 'send' : 'receive';
    const message = (byPath.get(frame.path) ?? []).filter((m) => m.dir === dir)[index];
    return { frame, message };
  });
}

/** Rows and details of a message kept as a prefix of `limit` bytes. */
function expectTruncated(frame: FrameRecord, m: PanelMessage | undefined, limit: number): void {
  const what = `${frame.path} ${frame.direction} ${frame.isBinary ? 'binary' : 'text'} ${frame.data.length} B`;
  expect(m, `${what}: in the panel`).toBeDefined();
  const message = m!;
  // The row: exact size, a truncated mark.
  expect(message.size, `${what}: size`).toBe(frame.data.length);
  expect(message.type, `${what}: type cell`).toBe(`${frame.isBinary ? 'binary' : 'text'} (truncated)`);
  expect(message.label, `${what}: row label`).toContain('(truncated)');
  // The details: size, "truncated", and a prefix equal to the first bytes, as long as the limit allows.
  expect(message.detail!.facts.size).toBe(`${frame.data.length} B`);
  expect(message.detail!.facts.type).toContain('truncated: only the first part of the payload was kept');
  if (frame.isBinary) {
    expect(message.detail!.kind).toBe('base64');
    const shownBytes = Buffer.from(message.detail!.payload, 'base64');
    expect(shownBytes.length).toBe(Math.min(limit, (VIEW_LIMIT / 4) * 3));
    expect(shownBytes.equals(frame.data.subarray(0, shownBytes.length)), `${what}: shown prefix = first bytes`).toBe(true);
    // What "Show all" would add: the kept prefix is exactly `limit` bytes.
    expect(message.detail!.more).toBe(`Show all (${base64Length(limit) - VIEW_LIMIT} more characters)`);
  } else {
    const kept = utf8Prefix(frame.data, limit).toString('utf8');
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(limit);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(limit - 4);
    expect(message.detail!.kind).toBe('text');
    expect(message.detail!.payload === kept.slice(0, VIEW_LIMIT), `${what}: shown text = first characters`).toBe(true);
    expect(message.detail!.more).toBe(`Show all (${kept.length - VIEW_LIMIT} more characters)`);
  }
}

function byPathOf(all: PanelConnection[], skip = 0): Map<string, PanelMessage[]> {
  // /huge-ab has 4 messages per exchange (text and binary, both ways), /huge-blob 2.
  return new Map(all.map((c) => [new URL(c.url).pathname, (c.messages ?? []).slice(c.url.endsWith('/huge-blob') ? skip * 2 : skip * 4)]));
}

describe(`huge messages (${browserUnderTestName()})`, () => {
  let conns: PanelConnection[];

  it('5 MiB both ways with the default limit: the page gets it all, the panel keeps 4 MiB and says so', async () => {
    const { frames, received } = await exchange(5 * MiB, 0);
    conns = await readPanel(panel, { showAll: false });
    expect(await page.evaluate(() => (window as any).__errors)).toEqual([]);
    // The page's listeners got every whole message.
    const echoes = frames.filter((f) => f.direction === 'sent');
    expect(received.sort()).toEqual(echoes.map((f) => `${f.isBinary ? 'b' : 't'}:${f.data.length}:${sha256(f.data)}`).sort());
    expect(frames.map((f) => f.data.length)).toEqual(Array(6).fill(5 * MiB));
    for (const { frame, message } of pairs(frames, byPathOf(conns))) expectTruncated(frame, message, 4 * MiB);
  });

  it('a 1 MiB limit set in the settings applies to the open page at once', async () => {
    await setSettings(panel, { maxMessageBytes: MiB });
    await sleep(300); // the bridge hears storage.onChanged with the panel, then tells the hook
    const { frames, received } = await exchange(2_000_000, 1);
    conns = await readPanel(panel, { showAll: false });
    const echoes = frames.filter((f) => f.direction === 'sent');
    expect(received.sort()).toEqual(echoes.map((f) => `${f.isBinary ? 'b' : 't'}:${f.data.length}:${sha256(f.data)}`).sort());
    for (const { frame, message } of pairs(frames, byPathOf(conns, 1))) expectTruncated(frame, message, MiB);
  });

  it('and to a page loaded after the change, from its first message', async () => {
    const before = server.log.length;
    await page.goto(server.url('/capture/huge.html?early=2000000'));
    const { frames, received } = await collect(before, 0);
    conns = await readPanel(panel, { showAll: false });
    const echoes = frames.filter((f) => f.direction === 'sent');
    expect(received.sort()).toEqual(echoes.map((f) => `${f.isBinary ? 'b' : 't'}:${f.data.length}:${sha256(f.data)}`).sort());
    for (const { frame, message } of pairs(frames, byPathOf(conns))) expectTruncated(frame, message, MiB);
  });
});
