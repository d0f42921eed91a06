/**
 * Sub-protocol decoding in the browser under test: a page using socket.io-client against a real
 * socket.io server, and one using mqtt.js against an aedes broker. The panel must show decoded
 * summaries, a Decoded view in the protocol's terms, and filter by event name and topic.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnderTestName, launchBrowserUnderTest, type BrowserUnderTest, type TestPage } from './harness/browsers';
import { startTestServer, type TestServer } from './harness/ws-server';
import { readConnections, readMessages, selectConnection, setFilter, waitForConnections } from './support/panel-reader';
import { startMqttBroker, startSocketIoServer } from './libraries/servers';

/** A library's own browser build, straight from node_modules (not every package exports its dist/). */
const bundle = (path: string) => readFileSync(resolve('node_modules', path), 'utf8');

let server: TestServer;
let browser: BrowserUnderTest;
let socketIo: Awaited<ReturnType<typeof startSocketIoServer>>;
let mqtt: Awaited<ReturnType<typeof startMqttBroker>>;

beforeAll(async () => {
  server = await startTestServer();
  socketIo = await startSocketIoServer();
  mqtt = await startMqttBroker();
  server.route('/socket.io.min.js', bundle('socket.io-client/dist/socket.io.min.js'), 'text/javascript');
  server.route('/mqtt.min.js', bundle('mqtt/dist/mqtt.min.js'), 'text/javascript');
  server.route(
    '/sio.html',
    `<!doctype html><html><head><meta charset="utf-8"><script src="/socket.io.min.js"></script></head><body><script>
      const socket = io(${JSON.stringify(socketIo.origin)}, { transports: ['websocket'], auth: { name: 'ann' } });
      window.done = false;
      socket.on('welcome', () => {
        socket.emit('chat', { text: 'hello' });
        socket.emit('chat', { text: 'again' });
        socket.emit('sum', 2, 3, (r) => { window.sum = r; socket.emit('shout', 'all done'); });
      });
      socket.on('news', () => (window.done = true));
    </script></body></html>`,
  );
  server.route(
    '/mqtt.html',
    `<!doctype html><html><head><meta charset="utf-8"><script src="/mqtt.min.js"></script></head><body><script>
      const client = mqtt.connect(${JSON.stringify(`ws://127.0.0.1:${mqtt.port}/mqtt`)}, { clientId: 'page-1' });
      client.on('connect', () => {
        client.subscribe('sensors/#', { qos: 1 }, () => {
          client.publish('sensors/kitchen/temp', '21.5', { qos: 1 });
          client.publish('sensors/hall/temp', '19', { qos: 0 });
          client.publish('alerts/door', 'open', { qos: 0 }, () => (window.done = true));
        });
      });
    </script></body></html>`,
  );
  browser = await launchBrowserUnderTest();
});

afterAll(async () => {
  await browser?.close();
  await socketIo?.close();
  await mqtt?.close();
  await server?.close();
});

async function panelFor(url: string): Promise<TestPage> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).done === true, undefined, { timeout: 15_000 });
  const panel = await browser.openPanel(page);
  await waitForConnections(panel, 1);
  await selectConnection(panel, (await readConnections(panel))[0].id);
  return panel;
}

async function filterTo(panel: TestPage, query: string): Promise<Awaited<ReturnType<typeof readMessages>>> {
  await setFilter(panel, query);
  await panel.waitForFunction((q) => (document.querySelector('input[aria-label="Filter"]') as HTMLInputElement).value === q && !document.querySelector('.counts')?.textContent?.includes('filtering'), query, { timeout: 10_000 });
  await new Promise((r) => setTimeout(r, 300));
  return readMessages(panel);
}

const summaries = (panel: TestPage) =>
  panel.evaluate(() => [...document.querySelectorAll('[aria-label="Messages"] [role="row"][data-seq] [data-col="summary"]')].map((s) => s.textContent));

describe(`decoders (${browserUnderTestName()})`, () => {
  it('socket.io: decoded summaries, the Decoded view, and filtering by event name', async () => {
    const panel = await panelFor(server.url('/sio.html'));
    await panel.waitForFunction(() => [...document.querySelectorAll('[data-col="summary"]')].some((s) => s.textContent?.includes('chat')), undefined, { timeout: 10_000 });
    const shown = await summaries(panel);
    expect(shown).toEqual(expect.arrayContaining(['40 connect', expect.stringMatching(/^42 welcome/), expect.stringMatching(/^42 chat/), expect.stringMatching(/^420 sum/), expect.stringMatching(/^430 ack/)]));
    const chats = await filterTo(panel, 'event:chat');
    expect(chats.map((r) => r.dir)).toEqual(['send', 'send']);
    expect(chats.map((r) => r.preview)).toEqual(['42["chat",{"text":"hello"}]', '42["chat",{"text":"again"}]']);
    await panel.click(`[aria-label="Messages"] [role="row"][data-seq="${chats[0].seq}"]`);
    await panel.click({ role: 'tab', name: 'Decoded' });
    await panel.waitFor('[aria-label="Decoded"]');
    const decoded = await panel.textContent('[aria-label="Decoded"]');
    expect(decoded).toContain('Socket.IO');
    expect(await panel.textContent('[data-field="decoded-event"]')).toBe('chat');
    // The ack pairs with its request, with a round-trip time.
    const acks = await filterTo(panel, 'event:sum OR op:ack');
    expect(acks.length).toBeGreaterThanOrEqual(2);
    await setFilter(panel, '');
    await panel.close();
  });

  it('mqtt: binary packets decoded, filtered by topic with wildcards', async () => {
    const panel = await panelFor(server.url('/mqtt.html'));
    await panel.waitForFunction(() => [...document.querySelectorAll('[data-col="summary"]')].some((s) => s.textContent?.includes('PUBLISH')), undefined, { timeout: 10_000 });
    const all = await readMessages(panel);
    const sent = all.filter((r) => r.dir === 'send').map((r) => r.summary);
    expect(sent[0]).toBe('CONNECT page-1 v3.1.1');
    expect(sent[1]).toMatch(/^SUBSCRIBE sensors\/# qos1 \(id \d+\)$/);
    // mqtt.js wrote the three publishes in one WebSocket message: the decoder says so.
    expect(sent.some((s) => /^PUBLISH sensors\/kitchen\/temp qos1 \(id \d+\) 21\.5/.test(s ?? ''))).toBe(true);
    // aedes writes each packet in several WebSocket messages; the last one completes it.
    const incoming = await filterTo(panel, 'topic:sensors/# dir:in');
    expect(incoming.map((r) => r.summary?.replace(/ \(id \d+\)/, ''))).toEqual(['PUBLISH sensors/hall/temp qos0 19', 'PUBLISH sensors/kitchen/temp qos1 21.5']);
    expect(await filterTo(panel, 'topic:sensors/+/temp dir:in op:publish')).toHaveLength(2);
    expect(await filterTo(panel, 'topic:alerts/# dir:in')).toHaveLength(0);
    await panel.close();
  });
});
