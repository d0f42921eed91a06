/** Small statistics for benchmark figures: medians and spreads of repeated runs, percentiles of samples. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** Every run's value, in run order. */
  runs: number[];
}

export function summarize(values: number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { median: NaN, min: NaN, max: NaN, runs: values };
  const sorted = [...finite].sort((a, b) => a - b);
  return { median: quantileSorted(sorted, 0.5), min: sorted[0], max: sorted[sorted.length - 1], runs: values };
}

/** Linear-interpolated quantile (q in 0..1) of ascending values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function percentiles(values: ArrayLike<number>, qs: number[]): number[] {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return qs.map((q) => quantileSorted(sorted, q));
}

export function median(values: number[]): number {
  return summarize(values).median;
}

/** Runs `configs` interleaved (A B C, A B C, ...) `reps` times; returns each config's results in order. */
export async function interleave<K extends string, T>(
  configs: readonly K[],
  reps: number,
  run: (config: K, rep: number) => Promise<T>,
  log: (line: string) => void = () => {},
): Promise<Record<K, T[]>> {
  const out = Object.fromEntries(configs.map((c) => [c, [] as T[]])) as Record<K, T[]>;
  for (let rep = 0; rep < reps; rep++) {
    for (const config of configs) {
      const started = Date.now();
      out[config].push(await run(config, rep));
      log(`  ${config} #${rep + 1} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  return out;
}
