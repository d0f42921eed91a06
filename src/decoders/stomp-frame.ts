/**
 * STOMP 1.0-1.2 frame parsing: `COMMAND EOL (header EOL)* EOL body NUL`, heart-beats are bare
 * EOLs, and one WebSocket message may hold several frames. Works on bytes because
 * `content-length` counts bytes (and lets a body contain NULs).
 */
export const STOMP_COMMANDS = new Set([
  'CONNECT', 'STOMP', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT', 'MESSAGE', 'RECEIPT', 'ERROR',
]);

export interface StompFrame {
  command: string;
  /** In order; a repeated header keeps its first value as the one that counts (STOMP 1.2). */
  headers: Record<string, string>;
  body: Uint8Array;
}

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0;
const decoder = new TextDecoder();

/** STOMP 1.1+ header escapes: \r \n \c \\ (CONNECT/CONNECTED frames are never escaped). */
function unescapeHeader(value: string): string {
  return value.replace(/\\(.)/g, (match, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : c === 'c' ? ':' : c === '\\' ? '\\' : match));
}

function skipEols(bytes: Uint8Array, pos: number): number {
  while (pos < bytes.length && (bytes[pos] === LF || (bytes[pos] === CR && bytes[pos + 1] === LF))) pos += bytes[pos] === CR ? 2 : 1;
  return pos;
}

function readLine(bytes: Uint8Array, pos: number): { line: string; next: number } {
  const end = bytes.indexOf(LF, pos);
  if (end < 0) throw new Error('STOMP frame cut short in its headers');
  const stop = end > pos && bytes[end - 1] === CR ? end - 1 : end;
  return { line: decoder.decode(bytes.subarray(pos, stop)), next: end + 1 };
}

/** True when the bytes start like a STOMP frame or are only heart-beats. */
export function looksLikeStomp(text: string): boolean {
  if (/^(\r?\n)+$/.test(text)) return true;
  const command = /^([A-Z]+)\r?\n/.exec(text)?.[1];
  return command !== undefined && STOMP_COMMANDS.has(command);
}

/** All frames in the bytes; an empty list means heart-beats only. Throws on malformed input. */
export function parseStompFrames(bytes: Uint8Array, escapedHeaders = true): StompFrame[] {
  const frames: StompFrame[] = [];
  let pos = skipEols(bytes, 0);
  while (pos < bytes.length) {
    const commandLine = readLine(bytes, pos);
    const command = commandLine.line;
    if (!STOMP_COMMANDS.has(command)) throw new Error(`not a STOMP command: ${JSON.stringify(command.slice(0, 30))}`);
    pos = commandLine.next;
    const headers: Record<string, string> = {};
    const escaped = escapedHeaders && command !== 'CONNECT' && command !== 'CONNECTED';
    for (;;) {
      const header = readLine(bytes, pos);
      pos = header.next;
      if (header.line === '') break;
      const colon = header.line.indexOf(':');
      if (colon < 0) throw new Error(`STOMP header without a colon: ${JSON.stringify(header.line.slice(0, 40))}`);
      const name = escaped ? unescapeHeader(header.line.slice(0, colon)) : header.line.slice(0, colon);
      if (!(name in headers)) headers[name] = escaped ? unescapeHeader(header.line.slice(colon + 1)) : header.line.slice(colon + 1);
    }
    const declared = headers['content-length'];
    let end: number;
    if (declared !== undefined && /^\d+$/.test(declared.trim())) {
      end = pos + Number(declared.trim());
      if (end >= bytes.length || bytes[end] !== NUL) throw new Error(`STOMP body shorter than its content-length ${declared.trim()}`);
    } else {
      end = bytes.indexOf(NUL, pos);
      if (end < 0) throw new Error('STOMP frame not terminated by NUL');
    }
    frames.push({ command, headers, body: bytes.subarray(pos, end) });
    pos = skipEols(bytes, end + 1);
  }
  return frames;
}
