/**
 * Writing large exports in slices: JSON text is produced piece by piece, gathered into chunks of
 * N messages, and control goes back to the event loop between chunks so the panel stays
 * responsive. The chunks are meant for `new Blob(chunks)`: the whole text is never one string.
 */

export interface StreamOptions {
  /** Most messages per chunk (default 5000). */
  chunkMessages?: number;
  /**
   * A chunk also ends once it has taken this long to build (default 20 ms), so that no task of
   * an export blocks the panel for long (50 ms is where input starts to feel late), whatever the
   * machine and the size of the messages.
   */
  sliceMs?: number;
  /** Clock for `sliceMs` (default `performance.now`). */
  now?: () => number;
  /** Awaited between chunks. Default: a macrotask (`setTimeout(0)`) so rendering and input run. */
  yieldToEventLoop?: () => Promise<void>;
  /** Called with 0 first, after every chunk, and with `done === total` at the end. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** A piece of output text and how many messages it completes. */
export interface TextPiece {
  text: string;
  messages: number;
}

export const defaultYieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * `JSON.stringify(value)` cut around one property: returns the text before the value of `key`
 * (ending with `"key":`) and the text after it (starting with `,` or `}`). The caller writes the
 * value in between. Same rules as JSON.stringify: keys in own order, undefined values skipped.
 */
export function serializeAround(value: object, key: string): [head: string, tail: string] {
  let head = '{';
  let tail = '';
  let first = true;
  let found = false;
  for (const [name, v] of Object.entries(value)) {
    const prefix = (first ? '' : ',') + JSON.stringify(name) + ':';
    if (name === key) {
      head += prefix;
      found = true;
      first = false;
      continue;
    }
    const json = JSON.stringify(v);
    if (json === undefined) continue;
    first = false;
    if (found) tail += prefix + json;
    else head += prefix + json;
  }
  if (!found) throw new Error(`serializeAround: no property "${key}"`);
  return [head, tail + '}'];
}

export const DEFAULT_SLICE_MS = 20;

/**
 * Groups pieces into chunks of at most `chunkMessages` messages and `sliceMs` of work, yielding
 * to the event loop between.
 */
export async function* createChunkStream(pieces: Iterable<TextPiece>, totalMessages: number | (() => number), options: StreamOptions = {}): AsyncGenerator<string> {
  // A function when the total is known only once the pieces have been planned (an estimate before).
  const totalOf = typeof totalMessages === 'function' ? totalMessages : () => totalMessages;
  const chunkMessages = Math.max(1, Math.floor(options.chunkMessages ?? 5000));
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  const yieldToEventLoop = options.yieldToEventLoop ?? defaultYieldToEventLoop;
  const report = options.onProgress ?? (() => {});
  let done = 0;
  let inChunk = 0;
  let buffer: string[] = [];
  report({ done, total: totalOf() });
  let sliceStart = now();
  for (const piece of pieces) {
    buffer.push(piece.text);
    done += piece.messages;
    inChunk += piece.messages;
    if (inChunk >= chunkMessages || now() - sliceStart >= sliceMs) {
      yield buffer.join('');
      buffer = [];
      inChunk = 0;
      report({ done, total: totalOf() });
      await yieldToEventLoop();
      sliceStart = now();
    }
  }
  if (buffer.length > 0) yield buffer.join('');
  report({ done: totalOf(), total: totalOf() });
}

/** Collects a chunk stream into a Blob (e.g. for a download link). */
export async function createBlobFromChunks(chunks: AsyncIterable<string>, type: string): Promise<Blob> {
  // Each chunk becomes bytes as it comes, in its own task: one Blob of all the strings at the end
  // would encode the whole file (100 MB and more) in one step. A Blob of Blobs copies nothing.
  const parts: Blob[] = [];
  for await (const chunk of chunks) parts.push(new Blob([chunk]));
  return new Blob(parts, { type });
}
