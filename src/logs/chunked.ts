/**
 * Writing large exports in slices: JSON text is produced piece by piece, gathered into chunks of
 * N messages, and control goes back to the event loop between chunks so the panel stays
 * responsive. The chunks are meant for `new Blob(chunks)`: the whole text is never one string.
 * The slicing itself is the code base's one slicer (src/lib/time-slices.ts).
 */
import { createSlicer, yieldToEventLoop, type SlicerOptions } from '../lib/time-slices';

/**
 * Exports slice at 20 ms rather than the slicer's 8: an export is a task the user asked for and
 * waits on, and 20 ms stays well under the 50 ms where input starts to feel late.
 */
export const DEFAULT_SLICE_MS = 20;

/**
 * The slicer's yield, under the name src/panel/logs/session.ts imports it by. New code imports
 * `yieldToEventLoop` from src/lib/time-slices.ts.
 */
export const defaultYieldToEventLoop: () => Promise<void> = yieldToEventLoop;

/** The slicer's options (`sliceMs`, and `now` and `yieldToEventLoop` for tests) and the chunking. */
export interface StreamOptions extends SlicerOptions {
  /** Most messages per chunk (default 5000). */
  chunkMessages?: number;
  /**
   * A chunk also ends once it has taken this long to build (default 20 ms), so that no task of
   * an export blocks the panel for long, whatever the machine and the size of the messages.
   */
  sliceMs?: number;
  /** Called with 0 first, after every chunk, and with `done === total` at the end. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** A piece of output text and how many messages it completes. */
export interface TextPiece {
  text: string;
  messages: number;
}

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

/**
 * Groups pieces into chunks of at most `chunkMessages` messages and `sliceMs` of work, yielding
 * to the event loop between.
 */
export async function* createChunkStream(pieces: Iterable<TextPiece>, totalMessages: number | (() => number), options: StreamOptions = {}): AsyncGenerator<string> {
  // A function when the total is known only once the pieces have been planned (an estimate before).
  const totalOf = typeof totalMessages === 'function' ? totalMessages : () => totalMessages;
  const chunkMessages = Math.max(1, Math.floor(options.chunkMessages ?? 5000));
  const report = options.onProgress ?? (() => {});
  let done = 0;
  let inChunk = 0;
  let buffer: string[] = [];
  report({ done, total: totalOf() });
  const slicer = createSlicer({ sliceMs: options.sliceMs ?? DEFAULT_SLICE_MS, now: options.now, yieldToEventLoop: options.yieldToEventLoop });
  for (const piece of pieces) {
    buffer.push(piece.text);
    done += piece.messages;
    inChunk += piece.messages;
    if (inChunk >= chunkMessages || slicer.expired()) {
      yield buffer.join('');
      buffer = [];
      inChunk = 0;
      report({ done, total: totalOf() });
      await slicer.next();
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
