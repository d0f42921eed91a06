/**
 * Where a page's main-thread time goes, from a CDP CPU profile (Chromium): the self time of each
 * script's JavaScript, and apart from it the busiest native functions with the script that called
 * them (a page's `ws.send` goes through the hook's wrapper, so the native send shows as called by
 * the hook, though it is the page's own work). Enough to tell the page's code from the hook and
 * the bridge without source maps.
 */
import type { CdpPage } from './cdp';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Script file name (or "(program)", "(garbage collector)", "(idle)", "(native)") -> ms of self time. */
  byScript: Record<string, number>;
  /** Native functions (no URL) -> ms, with the script that called them. */
  natives: Array<{ name: string; caller: string; ms: number }>;
}

export async function profileDuring<T>(page: CdpPage, run: () => Promise<T>, intervalUs = 500): Promise<{ value: T; profile: ProfileSummary }> {
  await page.send('Profiler.enable');
  await page.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await page.send('Profiler.start');
  let value: T;
  let raw: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  try {
    value = await run();
  } finally {
    raw = (await page.send<{ profile: typeof raw }>('Profiler.stop')).profile;
    await page.send('Profiler.disable');
  }
  const byId = new Map(raw.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of raw.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = (n: ProfileNode) => n.callFrame.url.split('/').pop() || '';
  const byScript: Record<string, number> = {};
  const natives = new Map<string, { name: string; caller: string; ms: number }>();
  let total = 0;
  for (let i = 0; i < raw.samples.length; i++) {
    const ms = (raw.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    let node = byId.get(raw.samples[i])!;
    const own = node;
    let file = fileOf(node);
    while (!file && parent.has(node.id)) {
      node = byId.get(parent.get(node.id)!)!;
      file = fileOf(node);
    }
    const isNative = !fileOf(own) && !!file;
    const script = isNative ? '(native, called from scripts)' : file || own.callFrame.functionName || '(unknown)';
    byScript[script] = (byScript[script] ?? 0) + ms;
    if (isNative) {
      const key = `${own.callFrame.functionName}|${file}`;
      const entry = natives.get(key) ?? { name: own.callFrame.functionName || '(anonymous)', caller: file, ms: 0 };
      entry.ms += ms;
      natives.set(key, entry);
    }
  }
  return { value: value!, profile: { totalMs: total, byScript, natives: [...natives.values()].sort((a, b) => b.ms - a.ms).slice(0, 12) } };
}
