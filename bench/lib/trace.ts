/**
 * Per-frame main-thread CPU time in Chromium, robust to a busy machine: the page calls
 * `performance.mark('frameline-frame')` at the start of every animation frame; a trace of only
 * the `blink.user_timing` category gives each mark's wall time (ts) and the main thread's CPU
 * time (tts), so the CPU the thread used between two frames is the difference of their tts.
 * (Wall-clock frame intervals also count the time other processes held the CPU.)
 */
import type { CdpConnection, CdpPage } from './cdp';

export const FRAME_MARK = 'frameline-frame';

export async function traceFrames<T>(conn: CdpConnection, page: CdpPage, run: () => Promise<T>): Promise<{ value: T; cpuMs: number[]; wallMs: number[] }> {
  const marks: Array<{ ts: number; tts: number }> = [];
  const off = conn.on('Tracing.dataCollected', page.sessionId, (p: { value: Array<{ name: string; ts: number; tts?: number }> }) => {
    for (const e of p.value) if (e.name === FRAME_MARK && e.tts !== undefined) marks.push({ ts: e.ts, tts: e.tts });
  });
  let offDone = () => {};
  const complete = new Promise<void>((resolve) => (offDone = conn.on('Tracing.tracingComplete', page.sessionId, () => resolve())));
  await page.send('Tracing.start', { categories: 'blink.user_timing', transferMode: 'ReportEvents' });
  let value: T;
  try {
    value = await run();
  } finally {
    await page.send('Tracing.end');
    await complete;
    off();
    offDone();
  }
  marks.sort((a, b) => a.ts - b.ts);
  const cpuMs: number[] = [];
  const wallMs: number[] = [];
  for (let i = 1; i < marks.length; i++) {
    cpuMs.push((marks[i].tts - marks[i - 1].tts) / 1000);
    wallMs.push((marks[i].ts - marks[i - 1].ts) / 1000);
  }
  return { value, cpuMs, wallMs };
}
