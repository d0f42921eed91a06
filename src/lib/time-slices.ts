/**
 * Filtering a large capture without freezing the panel: the rows are tested in slices of about
 * `sliceMs` milliseconds, yielding to the event loop between slices so input and rendering go on.
 * A slice of 8 ms leaves half of a 60 Hz frame to the page.
 */

export interface SliceProgress {
  /** Rows tested so far. */
  done: number;
  total: number;
  matched: number;
}

export interface SliceOptions {
  /** Work per slice before yielding; default 8 ms. */
  sliceMs?: number;
  /** Resolves when the event loop has had a turn; default `scheduler.yield()`, else a MessageChannel hop, else `setTimeout(0)`. */
  yieldToEventLoop?: () => Promise<void>;
  /** Called after each slice, and once at the end with `done === total`. */
  onProgress?: (progress: SliceProgress) => void;
  /** Aborting rejects the promise with `signal.reason` at the next slice boundary. */
  signal?: AbortSignal;
  /** Clock, in milliseconds; default `performance.now`. Injectable for tests. */
  now?: () => number;
  /** Rows tested between two clock reads; default 256 (reading the clock per row would cost more than most predicates). */
  rowsPerCheck?: number;
}

/**
 * Indices of the rows that satisfy `predicate`, ascending. Rows appended while it runs are not
 * tested (`rows.length` is read once): the caller filters newcomers as they arrive.
 */
export async function filterInSlices<T>(
  rows: ArrayLike<T>,
  predicate: (row: T, index: number) => boolean,
  options: SliceOptions = {},
): Promise<Uint32Array> {
  const { signal, onProgress } = options;
  const sliceMs = options.sliceMs ?? 8;
  const now = options.now ?? (() => performance.now());
  const yieldToEventLoop = options.yieldToEventLoop ?? defaultYield;
  const rowsPerCheck = Math.max(1, options.rowsPerCheck ?? 256);
  const total = rows.length;

  signal?.throwIfAborted();
  let matches: Uint32Array = new Uint32Array(Math.min(total, 1024));
  let matched = 0;
  let i = 0;
  while (i < total) {
    const sliceEnd = now() + sliceMs;
    do {
      const stop = Math.min(total, i + rowsPerCheck);
      for (; i < stop; i++) {
        if (predicate(rows[i], i)) {
          if (matched === matches.length) matches = grow(matches, total);
          matches[matched++] = i;
        }
      }
    } while (i < total && now() < sliceEnd);
    if (i < total) {
      onProgress?.({ done: i, total, matched });
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
  }
  onProgress?.({ done: total, total, matched });
  return matches.slice(0, matched);
}

function grow(array: Uint32Array, limit: number): Uint32Array {
  const bigger = new Uint32Array(Math.min(limit, Math.max(16, array.length * 2)));
  bigger.set(array);
  return bigger;
}

interface Scheduler {
  yield?: () => Promise<void>;
}

function defaultYield(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  // A message hop is a macrotask without setTimeout's 4 ms clamp on nested timers.
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
