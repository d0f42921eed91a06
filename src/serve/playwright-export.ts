/**
 * "Export as Playwright test": a ServeScript as a TypeScript test file for @playwright/test that
 * answers the page's socket with `page.routeWebSocket` (no server: Playwright plays the server
 * side) in the script's mode. The recording is data at the top of the file (text as string
 * literals, binary as base64 for `Buffer.from`); the rules that play it follow, readable, with
 * only the parts the protocol needs (playwright-runtime.ts).
 *
 * The file exports `serveRecordedWebSocket(page)` for the user's own tests and holds one test
 * that opens the recorded page and checks that the page said, over the socket, everything it
 * said in the recording and nothing else. What the app shows is the user's to add.
 */
import { isSingularJsonPath, parseJsonPath, type JsonPathSegment } from '../lib/json-path';
import type { ServeScript } from '../protocol/serve';
import { createServePlan } from './plan';
import { playwrightRuntime } from './playwright-runtime';

export interface PlaywrightExportOptions {
  /** The page that opened the socket in the recording (the test goes there). */
  pageUrl: string;
  /** Used in the file's comments and test title. Default: the script's label. */
  title?: string;
}

/** A JavaScript string literal (JSON's, with the two line separators JavaScript once refused escaped). */
function literal(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The serve pattern as a RegExp literal: `*` is any run of characters, the rest literal. */
function patternRegExp(pattern: string): string {
  return `/^${pattern.split('*').map(escapeRegExp).join('.*')}$/`;
}

/** Milliseconds, kept readable (the recording's sub-millisecond noise dropped). */
function ms(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function matchDeclaration(script: ServeScript): string {
  const match = script.match;
  if (match.kind === 'path') {
    const parsed = parseJsonPath(match.path);
    const path: readonly JsonPathSegment[] = parsed.ok ? parsed.path : [];
    if (parsed.ok && isSingularJsonPath(path)) {
      const steps = path.map((s) => (s.kind === 'key' ? literal(s.key) : String(s.index)));
      return `/** The page's message stands for the recorded one when the values at ${match.path.replace(/\*\//g, '* /')} are equal. */\nconst MATCH: Match = { kind: 'path', path: [${steps.join(', ')}] };`;
    }
    return `/** ${match.path.replace(/\*\//g, '* /')} selects several values: matched by JSON shape instead. */\nconst MATCH: Match = { kind: 'shape', path: [] };`;
  }
  const says =
    match.kind === 'shape'
      ? 'The page\'s message stands for the recorded one when it has the same JSON shape (keys, kinds of values, message names).'
      : 'The page\'s message stands for the recorded one when it is the same, but for the ids a protocol pairs requests and replies by.';
  return `/** ${says} */\nconst MATCH: Match = { kind: '${match.kind}', path: [] };`;
}

function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** The test file's text. */
export function createPlaywrightTest(script: ServeScript, options: PlaywrightExportOptions): string {
  const conversational = script.mode === 'conversational';
  const plan = createServePlan(script, !conversational);
  const frames = [...plan.page.map((p) => ({ p, from: 'page' })), ...plan.server.map((p) => ({ p, from: 'server' }))]
    .sort((a, b) => a.p.order - b.p.order);
  // Where each recorded page message sits in FRAMES, for the answers that wait for one.
  const position = new Map(frames.map(({ p }, i) => [p, i]));
  const frameLines = frames.map(({ p, from }) => {
    const payload = p.frame.base64 !== undefined ? `base64: ${literal(p.frame.base64)}` : `text: ${literal(p.frame.text ?? '')}`;
    const answers = from === 'server' && p.answers >= 0 ? `, answers: ${position.get(plan.page[p.answers])}` : '';
    return `  { from: '${from}', at: ${ms(p.frame.at)}, ${payload}${answers} },`;
  });
  const keepalive = plan.heartbeats.keepalive;
  const close = script.close;
  const title = commentText(options.title ?? script.label);
  const speed = Number.isFinite(script.speed) && script.speed > 0 ? script.speed : 0;
  const modeNote = conversational
    ? 'conversational: each server message waits for the page message recorded before it'
    : `timed: server messages at their recorded times${speed === 1 ? '' : speed === 0 ? ', as fast as possible' : `, ${speed}x`}`;

  return `/**
 * Reproduces a WebSocket conversation recorded with Frameline, with no server running: the page's
 * socket is answered from the recording by Playwright (page.routeWebSocket).
 *
 * Recorded: ${title}
 * Mode: ${modeNote}.
 * Protocol: ${plan.dialect}${script.protocol ? ` (sub-protocol ${commentText(script.protocol)}; Playwright's mock socket reports none)` : ''}.
 *
 * Run it with: npx playwright test ${'<this file>'}
 * Use it in your own tests: await serveRecordedWebSocket(page) before page.goto(...).
 */
import { test, expect, type Page, type WebSocketRoute } from '@playwright/test';

/** The page that opened the socket in the recording. */
const PAGE_URL = ${literal(options.pageUrl)};
/** The socket URLs answered from the recording. */
const SOCKET_URL = ${patternRegExp(script.pattern)};
const MODE: 'timed' | 'conversational' = '${script.mode}';
/** Timed mode: 1 = as recorded, 2 = twice as fast, 0 = as fast as possible. */
const SPEED: number = ${speed};
type Match = { kind: 'exact' | 'shape' | 'path'; path: (string | number)[] };
${matchDeclaration(script)}
/** The protocol, for its packet format, ids and heartbeats. */
const DIALECT: string = '${plan.dialect}';
/** The recorded end (afterPageMessage: how many page messages come before it, minus one). */
const CLOSE: { at: number; code: number; reason: string; afterPageMessage: number } | undefined = ${
    close && !script.neverOpened ? `{ at: ${ms(close.at)}, code: ${close.code}, reason: ${literal(close.reason)}, afterPageMessage: ${plan.closeAfter} }` : 'undefined'
  };
/** What the server sends on its own to keep the page's client from timing out. */
const KEEPALIVE: { message: string; everyMs: number } | undefined = ${keepalive ? `{ message: ${literal(keepalive.payload)}, everyMs: ${keepalive.intervalMs} }` : 'undefined'};

interface Frame {
  from: 'page' | 'server';
  /** Milliseconds after the socket opened. */
  at: number;
  text?: string;
  /** A binary message. */
  base64?: string;
  /** A server message that answers the page message FRAMES[answers] by id (timed mode waits for it). */
  answers?: number;
}

/** The recorded messages (heartbeat answers left out: live pings are answered below). */
const FRAMES: Frame[] = [
${frameLines.join('\n')}
];

/** Answers the page's sockets to SOCKET_URL from the recording. Call before page.goto(...). */
export async function serveRecordedWebSocket(page: Page): Promise<Conversation> {
  const conversation: Conversation = { sockets: 0, answered: 0, unmatched: [] };
  await page.routeWebSocket(SOCKET_URL, (ws) => play(ws, conversation));
  return conversation;
}

test(${literal(`replays the recorded WebSocket conversation: ${title}`.slice(0, 200))}, async ({ page }) => {
  const conversation = await serveRecordedWebSocket(page);
  await page.goto(PAGE_URL);
  // The page opened the socket and said everything it said in the recording, nothing else.
  await expect.poll(() => conversation.sockets).toBeGreaterThan(0);
  await expect.poll(() => conversation.answered).toBe(${plan.page.length});
  expect(conversation.unmatched).toEqual([]);
  // What your app shows after it, for example:
  // await expect(page.getByText('...')).toBeVisible();
});
${playwrightRuntime(plan.dialect)}`;
}

/** A file name for the export: the socket's host and path, made safe. */
export function playwrightTestFileName(url: string): string {
  let base = 'websocket';
  try {
    const parsed = new URL(url);
    base = `${parsed.hostname}${parsed.pathname}`;
  } catch {
    // keep the default
  }
  const safe = base.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'websocket';
  return `${safe}.served.spec.ts`;
}
