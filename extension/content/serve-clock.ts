/**
 * The clock the serving player runs on in the bridge. Background tabs clamp timers (Firefox to
 * once a second at once, Chromium chained ones), but a real server's messages are not delayed
 * when a tab is hidden: so what is due now (a delay of 0, "as fast as possible", an answer with no
 * recorded gap) runs on a message of a private channel, which no browser throttles. Longer delays
 * use timers and are throttled in hidden tabs like any page timer.
 */
import type { ServeClock } from '../../src/content/serve-player';

export function createServeClock(): ServeClock {
  const channel = new MessageChannel();
  const due = new Map<number, () => void>();
  let next = 1;
  channel.port1.onmessage = (event) => {
    const id = event.data as number;
    const task = due.get(id);
    due.delete(id);
    task?.();
  };
  return {
    now: () => Date.now(),
    setTimeout(fn, ms) {
      if (ms > 0) return setTimeout(fn, ms);
      const id = next++;
      due.set(id, fn);
      channel.port2.postMessage(id);
      return { now: id };
    },
    clearTimeout(handle) {
      if (typeof handle === 'object' && handle !== null && 'now' in handle) due.delete((handle as { now: number }).now);
      else clearTimeout(handle as number);
    },
  };
}
