/** How long the event loop was blocked: the longest gap between the ticks of a 5 ms interval timer while `fn` runs. */
export async function blockingOf<T>(fn: () => Promise<T>): Promise<{ value: T; longestBlockMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    const value = await fn();
    longest = Math.max(longest, performance.now() - last);
    return { value, longestBlockMs: longest };
  } finally {
    clearInterval(timer);
  }
}
