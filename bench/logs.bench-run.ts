/**
 * Scenario 5, logs: export `logs.messages` messages to HAR and import the file back, in Node,
 * through the code the panel's Export HAR dialog and Import button run:
 *
 *   session   `sessionFromStore(store, { kind: 'all' })`: the store's rows as a SessionLog
 *             (in 20 ms slices)
 *   export    `createHarBlob(session, { sanitize: true, ... })`, the dialog's default (sanitized)
 *   import    `blob.text()` then `importLog(text)` (both in a worker in the panel), the result cut
 *             into parts and joined again (the trip back from the worker), then `addImportedLog`
 *
 * Figures: time of each step (wall, and the main thread's CPU time); peak memory (the process's
 * resident memory, sampled every 2 ms from a worker thread so that synchronous steps are seen too,
 * minus what it was before the step); and blocking: the longest task of the export (the stretches
 * between the stream's yields to the event loop, in wall and CPU time) and the longest stretch
 * during which a 5 ms interval timer on the main thread could not run, i.e. the longest time the
 * panel would not have answered input or painted.
 */
import { test } from 'vitest';
import { Worker } from 'node:worker_threads';
import { createHarBlob } from '../src/logs/export-stream';
import { importLog } from '../src/logs/import';
import { createImportJoiner, importResultParts } from '../src/logs/import-parts';
import { createPanelStore } from '../src/panel/state/store';
import { addImportedLog, sessionFromStore } from '../src/panel/logs/session';
import { loadStore } from './lib/store-load';
import { benchOptions } from './lib/options';
import { mainThreadCpuSeconds, startLoadMeter } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { summarize } from './lib/stats';
import { blockingOf } from './lib/blocking';

/** Peak resident memory, sampled on another thread (so it sees through long synchronous steps). */
function startPeakSampler() {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 2);`,
    { eval: true, workerData: shared.buffer },
  );
  return {
    /** Starts a measurement; the returned function gives the peak growth in bytes since. */
    begin(): () => number {
      const base = process.memoryUsage.rss();
      shared[0] = base;
      return () => Math.max(0, Math.max(shared[0], process.memoryUsage.rss()) - base);
    },
    stop: () => worker.terminate(),
  };
}

/** CPU time of this process's main thread, ms. */
const cpuNow = () => mainThreadCpuSeconds(process.pid) * 1000;

/**
 * The export's tasks: the stream yields to the event loop between chunks (its `yieldToEventLoop`,
 * here the same setTimeout(0) as the default, plus bookkeeping), so each stretch between two yields
 * is one task. Returns the longest, in wall and in main-thread CPU time.
 */
function taskRecorder() {
  let wall0 = performance.now();
  let cpu0 = cpuNow();
  let longestWall = 0;
  let longestCpu = 0;
  let tasks = 0;
  const close = () => {
    longestWall = Math.max(longestWall, performance.now() - wall0);
    longestCpu = Math.max(longestCpu, cpuNow() - cpu0);
    tasks++;
  };
  return {
    yieldToEventLoop: () => {
      close();
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          wall0 = performance.now();
          cpu0 = cpuNow();
          resolve();
        }, 0),
      );
    },
    finish: () => {
      close();
      return { longestWall, longestCpu, tasks };
    },
  };
}

const gc = () => {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
};

test('logs', async () => {
  const o = benchOptions();
  const n = o.logs.messages;
  const load = startLoadMeter();
  const sampler = startPeakSampler();
  progress(`logs: ${n} messages`);
  const { store } = loadStore(n);
  const runs: Array<Record<string, number>> = [];
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
      // The export, as the dialog runs it: session from the store, then the streamed HAR.
      let peak = sampler.begin();
      const tasks = taskRecorder();
      const c0 = cpuNow();
      const t0 = performance.now();
      const exported = await blockingOf(async () => {
        const session = await sessionFromStore(store, { kind: 'all' }, { yieldToEventLoop: tasks.yieldToEventLoop });
        const t1 = performance.now();
        const blob = await createHarBlob(session, { sanitize: true, redactions: [], creatorVersion: '0.1.0' }, { onProgress: () => {}, yieldToEventLoop: tasks.yieldToEventLoop });
        return { blob, sessionMs: t1 - t0, messages: session.messages.length };
      });
      const exportMs = performance.now() - t0;
      const exportCpuMs = cpuNow() - c0;
      const exportTasks = tasks.finish();
      const exportPeak = peak();
      const { blob, sessionMs, messages } = exported.value;
      if (messages !== n) throw new Error(`the session has ${messages} messages, expected ${n}`);

      gc();
      peak = sampler.begin();
      const c2 = cpuNow();
      const t2 = performance.now();
      const imported = await blockingOf(async () => {
        const text = await blob.text();
        const t3 = performance.now();
        const result = importLog({ text, fileName: 'bench.har', byteLength: blob.size });
        const t4 = performance.now();
        if (!result.ok) throw new Error(`import failed: ${result.error}`);
        // In the panel the steps above run in a worker (extension/panel/import-worker.ts); what the
        // panel's thread does is receive the parts and add the log. Each part is structured-cloned
        // here as postMessage would (clone = serialise + deserialise: an upper bound of receiving).
        const parts = [...importResultParts(result)];
        // What the panel's thread does, with its own blocking measure (the steps above block
        // this benchmark's thread only because Node runs them here, not in a worker).
        const panelSide = await blockingOf(async () => {
          const join = createImportJoiner();
          let longestPartMs = 0;
          const p0 = performance.now();
          for (const part of parts) {
            const start = performance.now();
            join.add(structuredClone(part));
            longestPartMs = Math.max(longestPartMs, performance.now() - start);
            await new Promise((resolve) => setTimeout(resolve, 0)); // each part is its own message event
          }
          const joined = join.result();
          if (!joined?.ok) throw new Error('the parts did not join');
          const p1 = performance.now();
          const fresh = createPanelStore({ schedule: () => {}, maxMessages: Math.max(2_000_000, n + 10) });
          addImportedLog(fresh, joined.log);
          return { joined, longestPartMs, partsMs: p1 - p0, addMs: performance.now() - p1 };
        });
        const { joined, longestPartMs } = panelSide.value;
        const t6 = performance.now() - panelSide.value.addMs;
        const t5 = t6 - panelSide.value.partsMs;
        const t7 = performance.now();
        return { readMs: t3 - t2, parseMs: t4 - t3, partsMs: t6 - t5, longestPartMs, addMs: t7 - t6, panelBlockMs: panelSide.longestBlockMs, messages: joined.log.messages.length };
      });
      const importMs = performance.now() - t2;
      const importCpuMs = cpuNow() - c2;
      const importPeak = peak();
      if (imported.value.messages !== n) throw new Error(`the import has ${imported.value.messages} messages, expected ${n}`);
      runs.push({
        exportMs,
        exportCpuMs,
        exportTasks: exportTasks.tasks,
        exportLongestTaskMs: exportTasks.longestWall,
        exportLongestTaskCpuMs: exportTasks.longestCpu,
        sessionMs,
        harMs: exportMs - sessionMs,
        exportPeakBytes: exportPeak,
        exportLongestBlockMs: exported.longestBlockMs,
        fileBytes: blob.size,
        importMs,
        importCpuMs,
        importReadMs: imported.value.readMs,
        importParseMs: imported.value.parseMs,
        importAddMs: imported.value.addMs,
        importPartsMs: imported.value.partsMs,
        importLongestPartMs: imported.value.longestPartMs,
        importPanelBlockMs: imported.value.panelBlockMs,
        importPeakBytes: importPeak,
        importLongestBlockMs: imported.longestBlockMs,
      });
      progress(`  #${rep + 1}: export ${exportMs.toFixed(0)} ms (longest block ${exported.longestBlockMs.toFixed(0)} ms), import ${importMs.toFixed(0)} ms`);
    }
  } finally {
    await sampler.stop();
  }
  const keys = Object.keys(runs[0]);
  writeResult('logs', { messages: n, reps: o.reps, ...Object.fromEntries(keys.map((k) => [k, summarize(runs.map((r) => r[k]))])), load: load() });
});
