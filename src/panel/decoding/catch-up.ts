/**
 * Catching stateful sessions up in the background. The list shows a row far ahead of where a
 * stateful session stopped (the newest rows of a long log): feeding thousands of rows first
 * would freeze the panel, so the row is shown without its summary, the session is fed in short
 * slices between which the panel renders and takes input, and `onCaughtUp` tells the panel to
 * render the summaries once every pending connection is there.
 */
import { runInSlices, type SlicedTask, type SlicerOptions } from '../../lib/time-slices';

/** Time one catch-up slice may take (half of a 60 Hz frame). */
const SLICE_MS = 8;

export interface CatchUp {
  /** Feeds the connection up to row `rowId` in the background (a further target replaces a nearer one). */
  request(connIndex: number, rowId: number): void;
  /** Forgets the connection's target (its session was replaced). */
  drop(connIndex: number): void;
}

/**
 * `feedStep(connIndex, target)` feeds one bounded step towards `target` and says whether the
 * connection is done (target reached, or nothing more to feed).
 */
export function createCatchUp(feedStep: (connIndex: number, target: number) => boolean, onCaughtUp: () => void, slicing: SlicerOptions = {}): CatchUp {
  /** Connection index -> row to reach. */
  const targets = new Map<number, number>();
  let task: SlicedTask | undefined;

  /** One step for the first connection still behind; false once none is. */
  function step(): boolean {
    for (const [connIndex, target] of targets) {
      if (feedStep(connIndex, target)) targets.delete(connIndex);
      return targets.size > 0;
    }
    return false;
  }

  function start(): void {
    const current = runInSlices(step, { sliceMs: SLICE_MS, ...slicing });
    task = current;
    void current.done.then(() => {
      if (task !== current) return;
      task = undefined;
      // A request may have come between the last step and now.
      if (targets.size) start();
      else onCaughtUp();
    });
  }

  return {
    request(connIndex, rowId) {
      targets.set(connIndex, Math.max(rowId, targets.get(connIndex) ?? rowId));
      if (!task) start();
    },
    drop(connIndex) {
      targets.delete(connIndex);
    },
  };
}
