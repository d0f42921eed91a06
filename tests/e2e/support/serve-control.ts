/**
 * Serving from a test ("Serve from log", issue 17) without the panel's UI: a second panel port,
 * opened inside an extension page (the panel in a tab), attaches to the tab like a panel does and
 * speaks the router's protocol directly: it collects the tab's traffic, asks the router to serve
 * scripts, and sends socket commands. Scripts are built here from recorded connections the way a
 * panel would build them.
 */
import type { TestPage } from '../harness/browsers';
import type { ConnectionInfo, MessageRecord } from '../../../src/protocol/records';
import type { ServeScript } from '../../../src/protocol/serve';
import { PROTOCOL_VERSION } from '../../../src/protocol/version';

export interface CollectedTraffic {
  connections: ConnectionInfo[];
  messages: MessageRecord[];
}

/** Opens the test's port in `extensionPage` and attaches it to `tabId`. */
export async function connectTestPort(extensionPage: TestPage, tabId: number): Promise<void> {
  await extensionPage.evaluate(
    ({ tabId, v }) => {
      const g = globalThis as any;
      const runtime = (g.browser ?? g.chrome).runtime;
      const port = runtime.connect({ name: 'frameline-panel' });
      const state = { connections: {} as Record<string, unknown>, messages: {} as Record<string, unknown>, results: {} as Record<string, unknown>, scripts: undefined as unknown };
      port.onMessage.addListener((m: any) => {
        if (m.type === 'traffic') {
          for (const c of m.payload.connections) state.connections[c.id] = c;
          for (const message of m.payload.messages) state.messages[`${message.connId}/${message.seq}`] = message;
        } else if (m.type === 'commandResult') state.results[m.payload.ref] = m.payload;
        else if (m.type === 'serveScripts') state.scripts = m.payload.scripts;
      });
      port.postMessage({ v, type: 'attach', payload: { tabId } });
      g.__serveTest = { port, state, v };
    },
    { tabId, v: PROTOCOL_VERSION },
  );
}

export async function readTraffic(extensionPage: TestPage): Promise<CollectedTraffic> {
  return extensionPage.evaluate(() => {
    const { state } = (globalThis as any).__serveTest;
    return { connections: Object.values(state.connections), messages: Object.values(state.messages) } as any;
  });
}

/** Posts one PanelToRouter message on the test's port. */
export async function postToRouter(extensionPage: TestPage, type: string, payload: unknown): Promise<void> {
  await extensionPage.evaluate(
    ({ type, payload }) => {
      const t = (globalThis as any).__serveTest;
      t.port.postMessage({ v: t.v, type, payload });
    },
    { type, payload },
  );
}

/** Serves every script (one `serve` message each) and waits until the router lists them all. */
export async function serveScripts(extensionPage: TestPage, scripts: ServeScript[]): Promise<void> {
  for (const script of scripts) await postToRouter(extensionPage, 'serve', { script });
  await extensionPage.waitForFunction(
    (count) => ((globalThis as any).__serveTest.state.scripts ?? []).length === count,
    scripts.length,
    { timeout: 10_000 },
  );
}

/** Sends a socket command and returns its outcome. */
export async function socketCommand(
  extensionPage: TestPage,
  command: { connId: string; action: 'send' | 'deliver'; text?: string; base64?: string },
): Promise<{ ok: boolean; error?: string }> {
  const ref = `t${Math.random().toString(36).slice(2)}`;
  await postToRouter(extensionPage, 'command', { ref, mark: 'injected', ...command });
  await extensionPage.waitForFunction((r) => (globalThis as any).__serveTest.state.results[r] !== undefined, ref, { timeout: 10_000 });
  return extensionPage.evaluate((r) => (globalThis as any).__serveTest.state.results[r], ref);
}

/**
 * A script from one recorded connection, as a panel would make it: its frames with times after
 * the open, its handshake outcome and its end.
 */
export function scriptFrom(connection: ConnectionInfo, messages: MessageRecord[], id: string, options: Partial<ServeScript> = {}): ServeScript {
  const opened = connection.openedAt ?? connection.createdAt;
  const frames = messages
    .filter((m) => m.connId === connection.id && !m.discarded)
    .sort((a, b) => a.seq - b.seq)
    .map((m) => ({ dir: m.dir === 'send' ? (0 as const) : (1 as const), at: Math.max(0, m.time - opened), ...(m.opcode === 1 ? { text: m.text ?? '' } : { base64: m.base64 ?? '' }) }));
  return {
    id,
    pattern: connection.url,
    mode: 'conversational',
    speed: 1,
    match: { kind: 'exact' },
    protocol: connection.protocol,
    extensions: connection.extensions,
    frames,
    ...(connection.closedAt !== undefined
      ? { close: { at: Math.max(0, connection.closedAt - opened), code: connection.closeCode ?? 1005, reason: connection.closeReason ?? '', wasClean: connection.wasClean ?? false } }
      : {}),
    label: `connection ${connection.id}`,
    ...(connection.openedAt === undefined ? { neverOpened: true } : {}),
    ...options,
  };
}

/** The connection's number within its document, for ordering by creation. */
export const socketNumber = (connection: ConnectionInfo): number => Number(connection.id.slice(connection.id.lastIndexOf(':') + 1));
