/**
 * Long work without freezing the UI: do it in slices of a few milliseconds and give the event
 * loop a turn between slices, so input and rendering go on. This is the one time-slicing helper
 * of the code base: filters, decoding catch-up, log collection and export all use it.
 *
 *   const slicer = createSlicer({ sliceMs: 8 });
 *   for (...) { work(); if (slicer.expired()) await slicer.next(); }
 *
 *   const task = runInSlices(() => moreToDo(), { sliceMs: 8 });   // callback style; task.cancel()
 *
 * A slice of 8 ms leaves half of a 60 Hz frame to the page; exports use 20 ms (under the 50 ms
 * where input starts to feel late).
 */

export interface SlicerOptions {
  /** Work per slice before yielding; default 8 ms. */
  sliceMs?: number;
  /** Clock, in milliseconds; default `performance.now`. Injectable for tests. */
  now?: () => number;
  /** Resolves when the event loop has had a turn; default `yieldToEventLoop`. */
  yieldToEventLoop?: () => Promise<void>;
}

export interface Slicer {
  /** True once the current slice has used its time. */
  expired(): boolean;
  /** Gives the event loop a turn, then starts a new slice. */
  next(): Promise<void>;
}

export function createSlicer(options: SlicerOptions = {}): Slicer {
  const sliceMs = options.sliceMs ?? 8;
  const now = options.now ?? (() => performance.now());
  const pause = options.yieldToEventLoop ?? yieldToEventLoop;
  let sliceStart = now();
  return {
    expired: () => now() - sliceStart >= sliceMs,
    async next() {
      await pause();
      sliceStart = now();
    },
  };
}

export interface SlicedTask {
  /** Stops before the next slice (a slice under way finishes its current step). */
  cancel(): void;
  /** Resolves when `step` said there is nothing more to do, or the task was cancelled. */
  readonly done: Promise<void>;
}

/**
 * Calls `step` until it returns false, yielding to the event loop whenever a slice has used its
 * time. For work driven by state rather than by a loop (catching up a decoder, say).
 */
export function runInSlices(step: () => boolean, options: SlicerOptions = {}): SlicedTask {
  const slicer = createSlicer(options);
  let cancelled = false;
  const done = (async () => {
    await slicer.next();
    while (!cancelled) {
      if (!step()) return;
      if (slicer.expired()) await slicer.next();
    }
  })();
  return {
    cancel() {
      cancelled = true;
    },
    done,
  };
}

interface NativeScheduler {
  yield?: () => Promise<void>;
}

/** One turn of the event loop: `scheduler.yield()` where it exists, else a MessageChannel hop, else `setTimeout(0)`. */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: NativeScheduler }).scheduler;
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

export interface SliceProgress {
  /** Rows tested so far. */
  done: number;
  total: number;
  matched: number;
}

export interface SliceOptions extends SlicerOptions {
  /** Called after each slice, and once at the end with `done === total`. */
  onProgress?: (progress: SliceProgress) => void;
  /** Aborting rejects the promise with `signal.reason` at the next slice boundary. */
  signal?: AbortSignal;
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
  const slicer = createSlicer(options);
  const rowsPerCheck = Math.max(1, options.rowsPerCheck ?? 256);
  const total = rows.length;

  signal?.throwIfAborted();
  let matches: Uint32Array = new Uint32Array(Math.min(total, 1024));
  let matched = 0;
  let i = 0;
  while (i < total) {
    do {
      const stop = Math.min(total, i + rowsPerCheck);
      for (; i < stop; i++) {
        if (predicate(rows[i], i)) {
          if (matched === matches.length) matches = grow(matches, total);
          matches[matched++] = i;
        }
      }
    } while (i < total && !slicer.expired());
    if (i < total) {
      onProgress?.({ done: i, total, matched });
      await slicer.next();
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
