/**
 * What `bench/run.mjs` asks the scenarios to do. It passes one JSON object in the environment
 * (FRAMELINE_BENCH_OPTIONS); each scenario file reads it here. The full and quick presets are in
 * `defaults.mjs`.
 */
export type BrowserName = 'chromium' | 'firefox';

export interface BenchOptions {
  quick: boolean;
  /** Rounds of each scenario's interleaved configurations (A B C, A B C, ...). */
  reps: number;
  browsers: BrowserName[];
  /** Page cost: what the server streams and what the page sends. */
  page: { text: number; binary: number; sends: number; textBytes: number; binaryBytes: number; sendBytes: number };
  /** Worker cost: the same stream as page cost, run by a dedicated worker (100k messages in the full run). */
  worker: { text: number; binary: number; sends: number; textBytes: number; binaryBytes: number; sendBytes: number };
  /** Hook footprint: fresh documents per configuration, iframes in the multi-frame page. */
  hook: { documents: number; iframes: number; loads: number };
  /** Page load: iframes (every other one cross-origin) and interleaved loads per configuration. */
  pageLoad: { iframes: number; loads: number };
  /** Relay: server-paced rates (messages/s) and how long each run lasts. */
  relay: { rates: number[]; seconds: number };
  /** Panel at scale: messages in the Node store, in the browser panel, and the big payload (4 MB, under the 4 MiB truncation size). */
  scale: { node: number; browser: number; bigPayloadBytes: number };
  /** Logs: messages exported to HAR and imported back. */
  logs: { messages: number };
  /**
   * Soak: minutes per browser; sockets kept open; one replaced every `churnMs`; messages per second
   * per socket from the server and from the page.
   */
  soak: { minutes: number; sockets: number; churnMs: number; serverRate: number; pageRate: number };
  chromeDir: string;
  firefoxDir: string;
  resultsDir: string;
  /**
   * More panel-closed configurations measured side by side with the others (`--alt NAME=REV|DIR`):
   * another build of the extension, e.g. the commit before a change or a floor build.
   */
  alts?: Array<{ name: string; chromeDir: string; firefoxDir: string; builtFrom: string }>;
  /** Commit the extension was built from (and whether the tree had changes). */
  builtFrom?: string;
}

export function benchOptions(): BenchOptions {
  const raw = process.env.FRAMELINE_BENCH_OPTIONS;
  if (!raw) throw new Error('FRAMELINE_BENCH_OPTIONS is not set: run the benchmarks with `npm run bench`');
  return JSON.parse(raw) as BenchOptions;
}
