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

export interface Trend {
  /** Samples used. */
  n: number;
  /** Least-squares slope, in the values' unit per 10 minutes. */
  perTenMinutes: number;
  /** Its standard error (NaN when there are too few samples to tell). */
  standardError: number;
  /** When samples were taken in both states: how much higher values are with the panel open. */
  openStep?: number;
  /** "flat (within ±N MB/10 min)", "grows X MB/10 min", "shrinks X MB/10 min" or "too few samples". */
  verdict: string;
}

/**
 * The trend of a memory series sampled over time: least squares of value against minutes, with
 * the panel's state (open or closed at the sample) as a second regressor when both occur, so that
 * the step between a closed and an open panel is not taken for growth. The verdict is "flat" when
 * the slope is within two standard errors of zero or below `floor` (per 10 minutes), and says that
 * bound: a noisy series is "flat" only within a wide margin. Otherwise it says how much the series
 * grows (or shrinks) per 10 minutes.
 */
export function trend(points: Array<{ minute: number; value: number; open: boolean }>, unit = 'MB', floor = 0.25): Trend {
  const usable = points.filter((p) => Number.isFinite(p.value));
  const bothStates = usable.some((p) => p.open) && usable.some((p) => !p.open);
  const rows = usable.map((p) => (bothStates ? [1, p.minute, p.open ? 1 : 0] : [1, p.minute]));
  const k = bothStates ? 3 : 2;
  const n = usable.length;
  if (n < k) return { n, perTenMinutes: NaN, standardError: NaN, verdict: 'too few samples' };
  const xtx = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[i] * r[j], 0)));
  const xty = Array.from({ length: k }, (_, i) => rows.reduce((a, r, m) => a + r[i] * usable[m].value, 0));
  const inverse = invert(xtx);
  if (!inverse) return { n, perTenMinutes: NaN, standardError: NaN, verdict: 'too few samples' };
  const beta = inverse.map((row) => row.reduce((a, x, j) => a + x * xty[j], 0));
  const residual = rows.reduce((a, r, m) => a + (usable[m].value - r.reduce((s, x, j) => s + x * beta[j], 0)) ** 2, 0);
  const dof = n - k;
  const standardError = dof > 0 ? Math.sqrt((residual / dof) * inverse[1][1]) * 10 : NaN;
  const perTenMinutes = beta[1] * 10;
  const result: Trend = { n, perTenMinutes, standardError, verdict: '' };
  if (bothStates) result.openStep = beta[2];
  if (dof <= 0) result.verdict = 'too few samples';
  else if (Math.abs(perTenMinutes) <= Math.max(2 * standardError, floor)) result.verdict = `flat (within ±${Math.max(2 * standardError, floor).toFixed(1)} ${unit}/10 min)`;
  else result.verdict = `${perTenMinutes > 0 ? 'grows' : 'shrinks'} ${Math.abs(perTenMinutes).toFixed(1)} ${unit}/10 min`;
  return result;
}

/** Inverse of a small square matrix (Gauss-Jordan), or undefined when it is singular. */
function invert(m: number[][]): number[][] | undefined {
  const k = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) return undefined;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let j = 0; j < 2 * k; j++) a[c][j] /= p;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(k));
}
