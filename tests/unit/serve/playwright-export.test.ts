/**
 * The exported Playwright test, run here for real: transpiled by TypeScript and evaluated with a
 * fake `page.routeWebSocket` whose WebSocketRoute records what the generated code sends, so the
 * rules written out in the file (matching, ids, heartbeats, close) are checked, not just its text.
 */
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServeScript } from '../../../src/protocol/serve';
import { createPlaywrightTest, playwrightTestFileName } from '../../../src/serve/playwright-export';
import { page, pageBytes, script, server, serverBytes } from './fixtures';

interface FakeRoute {
  sent: (string | number[])[];
  closed?: { code?: number; reason?: string };
  message(data: string | Buffer): void;
  pageCloses(code: number, reason: string): void;
}

type Conversation = { sockets: number; answered: number; unmatched: string[] };

/** Evaluates the generated file; returns its serve function and the test it declared. */
function load(code: string) {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const tests: { title: string; body: unknown }[] = [];
  const playwright = { test: (title: string, body: unknown) => tests.push({ title, body }), expect: () => undefined };
  const exports: Record<string, unknown> = {};
  new Function('require', 'exports', 'Buffer', js)(() => playwright, exports, Buffer);
  return { serve: exports.serveRecordedWebSocket as (page: unknown) => Promise<Conversation>, tests };
}

async function connect(s: ServeScript, url = s.pattern) {
  const { serve } = load(createPlaywrightTest(s, { pageUrl: 'http://app.test/' }));
  let pattern: RegExp | undefined;
  let handler: ((ws: unknown) => void) | undefined;
  const conversation = await serve({
    routeWebSocket: async (p: RegExp, h: (ws: unknown) => void) => {
      pattern = p;
      handler = h;
    },
  });
  expect(pattern!.test(url)).toBe(true);
  let onMessage: (m: string | Buffer) => void = () => undefined;
  let onClose: (code: number, reason: string) => void = () => undefined;
  const route: FakeRoute = {
    sent: [],
    message: (m) => onMessage(m),
    pageCloses: (code, reason) => onClose(code, reason),
  };
  handler!({
    send: (m: string | Buffer) => route.sent.push(typeof m === 'string' ? m : [...m]),
    close: (options: { code?: number; reason?: string }) => (route.closed = options),
    onMessage: (h: typeof onMessage) => (onMessage = h),
    onClose: (h: typeof onClose) => (onClose = h),
  });
  return { route, conversation };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('Export as Playwright test', () => {
  it('writes the recording as data, one readable line per message, binary as base64', () => {
    const code = createPlaywrightTest(script([page(1.234, 'hi "there"'), serverBytes(2, [1, 2, 3])], { label: 'wss://chat.test/ws' }), { pageUrl: 'http://app.test/' });
    expect(code).toContain("import { test, expect, type Page, type WebSocketRoute } from '@playwright/test';");
    expect(code).toContain(`  { from: 'page', at: 1.2, text: "hi \\"there\\"" },`);
    expect(code).toContain(`  { from: 'server', at: 2, base64: "AQID" },`);
    expect(code).toContain('const PAGE_URL = "http://app.test/";');
    expect(code).toContain('export async function serveRecordedWebSocket(page: Page)');
  });

  it('declares one test, which goes to the page', () => {
    const { tests } = load(createPlaywrightTest(script([]), { pageUrl: 'http://app.test/' }));
    expect(tests.map((t) => t.title)).toEqual(['replays the recorded WebSocket conversation: test']);
  });

  it('the socket pattern: * is any run, everything else literal', async () => {
    const s = script([], { pattern: 'ws://127.0.0.1:9/socket.io/?EIO=4*' });
    const code = createPlaywrightTest(s, { pageUrl: 'http://app.test/' });
    expect(code).toContain('const SOCKET_URL = /^ws:\\/\\/127\\.0\\.0\\.1:9\\/socket\\.io\\/\\?EIO=4.*$/;');
    await connect(s, 'ws://127.0.0.1:9/socket.io/?EIO=4&transport=websocket');
  });

  it('conversational: greetings at once, answers after the page message, ids carried, the rest unmatched', async () => {
    const { route, conversation } = await connect(
      script([
        server(0, '{"type":"hello"}'),
        page(1, '{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}'),
        server(2, '{"jsonrpc":"2.0","id":1,"result":3}'),
      ]),
    );
    expect(route.sent).toEqual(['{"type":"hello"}']);
    route.message('{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"x7"}');
    route.message('nope');
    expect(route.sent).toEqual(['{"type":"hello"}', '{"jsonrpc":"2.0","id":"x7","result":3}']);
    expect(conversation).toEqual({ sockets: 1, answered: 1, unmatched: ['nope'] });
  });

  it('timed: server messages at their recorded times scaled by the speed, then the close', async () => {
    const { route } = await connect(
      script([server(100, 'a'), server(300, 'b')], { mode: 'timed', speed: 2, close: { at: 400, code: 4000, reason: 'end', wasClean: true } }),
    );
    expect(route.sent).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(route.sent).toEqual(['a']);
    vi.advanceTimersByTime(100);
    expect(route.sent).toEqual(['a', 'b']);
    expect(route.closed).toBeUndefined();
    vi.advanceTimersByTime(50);
    expect(route.closed).toEqual({ code: 4000, reason: 'end' });
  });

  it('Socket.IO: ack ids carried, pings answered, the server keeps pinging', async () => {
    const { route, conversation } = await connect(
      script([
        server(0, '0{"sid":"a","pingInterval":1000,"pingTimeout":500}'),
        page(1, '40'),
        server(2, '40{"sid":"b"}'),
        page(3, '421["sum",2,40]'),
        server(4, '431[{"sum":42}]'),
        server(1000, '2'),
        page(1001, '3'),
      ]),
    );
    route.message('40');
    route.message('4217["sum",2,40]');
    route.message('3');
    expect(route.sent).toEqual(['0{"sid":"a","pingInterval":1000,"pingTimeout":500}', '40{"sid":"b"}', '4317[{"sum":42}]']);
    vi.advanceTimersByTime(1000);
    expect(route.sent.at(-1)).toBe('2');
    expect(conversation.unmatched).toEqual([]);
  });

  it('graphql-ws: subscription ids carried into next/complete, ping answered', async () => {
    const { route } = await connect(
      script(
        [
          page(0, '{"type":"connection_init"}'),
          server(1, '{"type":"connection_ack"}'),
          page(2, '{"id":"r1","type":"subscribe","payload":{"query":"subscription { c }"}}'),
          server(3, '{"id":"r1","type":"next","payload":{"data":{"c":1}}}'),
          server(4, '{"id":"r1","type":"complete"}'),
        ],
        { protocol: 'graphql-transport-ws' },
      ),
    );
    route.message('{"type":"connection_init"}');
    route.message('{"id":"live","type":"subscribe","payload":{"query":"subscription { c }"}}');
    route.message('{"type":"ping"}');
    expect(route.sent).toEqual([
      '{"type":"connection_ack"}',
      '{"id":"live","type":"next","payload":{"data":{"c":1}}}',
      '{"id":"live","type":"complete"}',
      '{"type":"pong"}',
    ]);
  });

  it('MQTT: CONNECT with any client id, SUBACK with the live packet id, PINGREQ answered', async () => {
    const connect1 = [0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x61];
    const connect2 = [0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x62];
    const { route, conversation } = await connect(
      script([pageBytes(0, connect1), serverBytes(1, [0x20, 2, 0, 0]), pageBytes(2, [0x82, 6, 0, 5, 0, 1, 0x74, 1]), serverBytes(3, [0x90, 3, 0, 5, 1])], {
        protocol: 'mqtt',
      }),
    );
    route.message(Buffer.from(connect2));
    route.message(Buffer.from([0x82, 6, 0x12, 0x34, 0, 1, 0x74, 1]));
    route.message(Buffer.from([0xc0, 0]));
    expect(route.sent).toEqual([[0x20, 2, 0, 0], [0x90, 3, 0x12, 0x34, 1], [0xd0, 0]]);
    expect(conversation.answered).toBe(2);
  });

  it('path matching with a singular path, shape with a path of several values', async () => {
    const recorded = [page(0, '{"op":"join","room":"a","at":1}'), server(1, 'joined')];
    const byPath = await connect(script(recorded, { match: { kind: 'path', path: "$['room']" } }));
    byPath.route.message('{"room":"a"}');
    expect(byPath.route.sent).toEqual(['joined']);
    const code = createPlaywrightTest(script(recorded, { match: { kind: 'path', path: '$..room' } }), { pageUrl: 'http://app.test/' });
    expect(code).toContain("const MATCH: Match = { kind: 'shape', path: [] };");
  });

  it('the page closing is answered with its code', async () => {
    const { route } = await connect(script([page(0, 'a'), server(1, 'b')]));
    route.pageCloses(1000, 'bye');
    expect(route.closed).toEqual({ code: 1000, reason: 'bye' });
  });

  it('comments cannot be ended by captured text', () => {
    const code = createPlaywrightTest(script([], { label: 'evil */ label\nnext' }), { pageUrl: 'http://app.test/*/' });
    expect(code).toContain('Recorded: evil * / label next');
    expect(() => ts.transpileModule(code, {})).not.toThrow();
    const { tests } = load(code);
    expect(tests).toHaveLength(1);
  });

  it('names the file after the socket', () => {
    expect(playwrightTestFileName('ws://127.0.0.1:3000/socket.io/?EIO=4')).toBe('127-0-0-1-socket-io.served.spec.ts');
    expect(playwrightTestFileName('not a url')).toBe('websocket.served.spec.ts');
  });
});

describe('Export as Playwright test, timed answers by id', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  it('waits for the page message an answer answers, then carries its id', async () => {
    const { route } = await connect(script([page(10, '{"id":1,"method":"get"}'), server(20, '{"id":1,"result":"x"}'), server(30, 'after')], { mode: 'timed' }));
    vi.advanceTimersByTime(100);
    expect(route.sent).toEqual([]);
    route.message('{"id":5,"method":"get"}');
    expect(route.sent).toEqual(['{"id":5,"result":"x"}', 'after']);
  });
});
