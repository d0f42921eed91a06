/**
 * A ServeScript from a recorded connection and its messages: a connection of this session or of
 * an imported HAR / NDJSON log (both are ConnectionInfo + MessageRecord in the panel's store).
 * Frame times count from the open (from the creation for a socket that never opened); messages
 * that never went on (`discarded`) are left out; a truncated message is served as its kept prefix.
 */
import type { ConnectionInfo, MessageRecord } from '../protocol/records';
import type { ServeFrame, ServeMatch, ServeScript } from '../protocol/serve';

export interface ServeScriptOptions {
  id: string;
  /** Socket URLs to answer; default: the connection's URL. */
  pattern?: string;
  mode?: ServeScript['mode'];
  speed?: number;
  match?: ServeMatch;
  /** Default: the connection's URL. */
  label?: string;
}

export function createServeScript(connection: ConnectionInfo, messages: readonly MessageRecord[], options: ServeScriptOptions): ServeScript {
  const neverOpened = connection.openedAt === undefined;
  const origin = connection.openedAt ?? connection.createdAt;
  const own = messages
    .filter((m) => m.connId === connection.id && !m.discarded)
    .sort((a, b) => a.time - b.time || a.seq - b.seq);
  const frames: ServeFrame[] = own.map((m) => {
    const frame: ServeFrame = { dir: m.dir === 'send' ? 0 : 1, at: Math.max(0, m.time - origin) };
    if (m.opcode === 2) frame.base64 = m.base64 ?? '';
    else frame.text = m.text ?? '';
    return frame;
  });
  const lastFrameAt = frames.length > 0 ? frames[frames.length - 1].at : 0;
  const script: ServeScript = {
    id: options.id,
    pattern: options.pattern ?? connection.url,
    mode: options.mode ?? 'conversational',
    speed: options.speed ?? 1,
    match: options.match ?? { kind: 'exact' },
    protocol: connection.protocol ?? '',
    extensions: connection.extensions ?? '',
    frames,
    label: options.label ?? connection.url,
  };
  if (neverOpened) {
    script.neverOpened = true;
    script.close = {
      at: Math.max(0, (connection.closedAt ?? connection.createdAt) - origin),
      code: connection.closeCode ?? 1006,
      reason: connection.closeReason ?? '',
      wasClean: false,
    };
  } else if (connection.closedAt !== undefined || connection.state === 'closed') {
    script.close = {
      // Never before the last message (clock skew between a close event and a batched message).
      at: Math.max(lastFrameAt, (connection.closedAt ?? origin + lastFrameAt) - origin),
      code: connection.closeCode ?? 1005,
      reason: connection.closeReason ?? '',
      wasClean: connection.wasClean ?? true,
    };
  }
  return script;
}
