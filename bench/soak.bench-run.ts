/**
 * Scenario 6, soak: does memory stay flat and does nothing get lost over a long session?
 *
 * The page (pages/soak.js) keeps 20 sockets to the bench server's /soak endpoint and replaces one
 * every 3 s (closed by the page or by the server, random clean close codes); each socket gets 10
 * messages/s from the server and sends 5/s (small and larger JSON text, ArrayBuffers, typed-array
 * views and Blobs; half the sockets receive binary as ArrayBuffer, half as Blob): 300 messages/s
 * in all. The page counts what it sent and received, per socket.
 *
 * The panel (panel.html?tabId=N in its own window) is open and closed in turns: phases of 2
 * minutes (shorter runs: a quarter of the run, at least 15 s), the last one open. Memory is
 * sampled at the start and every minute, before the panel is opened or closed at that moment
 * (what each browser measures: lib/soak-browsers.ts). Each series gets a least-squares slope in MB
 * per 10 minutes, with the panel's state as a second regressor (lib/stats.ts trend), and a
 * verdict. Samples taken while the page's history was still filling (before its first 10,000
 * messages, about half a minute) are listed but not in the slope.
 *
 * Nothing lost: every open phase ends with a check (lib/soak-check.ts): with the traffic paused,
 * the panel must show, or report as dropped by the page's history limit before it attached,
 * every message the page counted, per socket too. Lost = page's messages - shown - dropped, plus
 * drops added while the panel was open.
 */
import { test } from 'vitest';
import { sleep } from './lib/cdp';
import { benchOptions, type BenchOptions, type BrowserName } from './lib/options';
import { startLoadMeter } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer, type BenchServer } from './lib/server';
import { openChromiumSoak, openFirefoxSoak } from './lib/soak-browsers';
import { checkPanelPhase, HISTORY, openPanelPhase, type Attach, type PageSummary, type PhaseCheck } from './lib/soak-check';
import { trend, type Trend } from './lib/stats';

const MB = 1024 * 1024;
const phaseMsFor = (minutes: number) => Math.round(Math.min(120, Math.max(15, (minutes * 60) / 4)) * 1000);

async function soak(o: BenchOptions, server: BenchServer, name: BrowserName) {
  const minutes = o.soak.minutes;
  const durationMs = minutes * 60_000;
  const phaseMs = phaseMsFor(minutes);
  const phases = Math.max(1, Math.round(durationMs / phaseMs));
  const phaseEnd = (i: number) => (i === phases - 1 ? durationMs : (i + 1) * phaseMs);
  // The last phase is open (the final check needs the panel); earlier ones alternate back from it.
  const isOpen = (i: number) => (phases - 1 - i) % 2 === 0;
  progress(`soak, ${name}: ${minutes} min, ${phases} phases of ${phaseMs / 1000} s, panel ${isOpen(0) ? 'open' : 'closed'} first`);

  const url = server.url(`/soak.html?browser=${name}`);
  const h = name === 'chromium' ? await openChromiumSoak(o, url) : await openFirefoxSoak(o, url);
  const problems: string[] = [];
  const samples: Array<{ minute: number; atS: number; panelOpen: boolean; warmUp: boolean; values: Record<string, number | null>; notes?: string[] }> = [];
  const checks: PhaseCheck[] = [];
  let attach: Attach | undefined;
  let t0 = 0;
  const elapsedS = () => (Date.now() - t0) / 1000;

  async function sample(minute: number) {
    // Until the page has done as many messages as its history holds, the history is still filling:
    // such samples show that, not a trend, and the slope leaves them out.
    const warmUp = (await h.page.evaluate<number>('__soak.total()')) < HISTORY.messages;
    const { values, notes } = await h.sample(attach?.panel);
    samples.push({ minute, atS: elapsedS(), panelOpen: !!attach, warmUp, values, ...(notes?.length ? { notes } : {}) });
    const shown = h.series.map((s) => `${s.key} ${values[s.key] === null ? '-' : (values[s.key]! / MB).toFixed(1)}`).join(', ');
    progress(`  min ${minute} (panel ${attach ? 'open' : 'closed'}${warmUp ? ', history filling' : ''}): ${shown} MB${notes?.length ? ` (${notes.join('; ')})` : ''}`);
  }

  let summary: PageSummary | undefined;
  try {
    await h.page.evaluate(
      `__soak.start(${JSON.stringify({ wsBase: server.wsUrl(''), sockets: o.soak.sockets, churnMs: o.soak.churnMs, serverRate: o.soak.serverRate, pageRate: o.soak.pageRate, historyMessages: HISTORY.messages })})`,
    );
    t0 = Date.now();
    const sampleAt = Array.from({ length: Math.floor(durationMs / 60_000) + 1 }, (_, k) => k * 60_000);
    const boundaries = Array.from({ length: phases }, (_, i) => phaseEnd(i));
    const times = [...new Set([...sampleAt, 0, ...boundaries])].sort((a, b) => a - b);
    for (const T of times) {
      const wait = t0 + T - Date.now();
      if (wait > 0) await sleep(wait);
      if (sampleAt.includes(T)) await sample(T / 60_000);
      if (T === 0 && isOpen(0)) attach = await openPanelPhase(h, 0, elapsedS);
      const ended = boundaries.indexOf(T);
      if (ended < 0) continue;
      if (attach) {
        checks.push(await checkPanelPhase(h, attach, elapsedS));
        if (ended === phases - 1) break;
        await attach.panel.close();
        attach = undefined;
        await h.page.evaluate('__soak.resume()');
      }
      if (ended + 1 < phases && isOpen(ended + 1)) attach = await openPanelPhase(h, ended + 1, elapsedS);
    }
    summary = await h.page.evaluate<PageSummary>('__soak.summary()');
    await h.page.evaluate('__soak.stop()');
  } catch (error) {
    problems.push(String((error as Error).message));
    progress(`  FAILED: ${(error as Error).message}`);
  } finally {
    await h.close();
  }

  const series = h.series.map((s) => {
    const values = samples.map((x) => x.values[s.key] ?? null);
    const points = samples.flatMap((x) => (x.warmUp || x.values[s.key] === null || x.values[s.key] === undefined ? [] : [{ minute: x.atS / 60, value: x.values[s.key]! / MB, open: x.panelOpen }]));
    const slope: Trend = trend(points);
    progress(`  ${s.label}: ${slope.verdict} (${slope.perTenMinutes.toFixed(2)} ± ${slope.standardError.toFixed(2)} MB/10 min)`);
    return { ...s, values, slope };
  });
  const lost = checks.reduce((a, c) => a + Math.max(0, c.lost) + Math.max(0, c.droppedWhileOpen), 0);
  const extra = checks.reduce((a, c) => a + Math.max(0, -c.lost), 0);
  const { sockets: _sockets, ...page } = summary ?? ({ sockets: [] } as unknown as PageSummary);
  return {
    version: h.version,
    phaseSeconds: phaseMs / 1000,
    phases: checks,
    phasesOpen: Array.from({ length: phases }, (_, i) => isOpen(i)),
    samples,
    series,
    notMeasured: h.notMeasured,
    lost,
    extra,
    page,
    problems: [...problems, ...checks.flatMap((c) => c.problems.map((p) => `phase ${c.phase + 1}: ${p}`))],
  };
}

const o = benchOptions();

test('soak', { timeout: (o.soak.minutes * o.browsers.length + 5 * o.browsers.length + 5) * 60_000 }, async () => {
  const server = await startBenchServer();
  const load = startLoadMeter();
  try {
    const result: Record<string, unknown> = { minutes: o.soak.minutes, traffic: o.soak, history: HISTORY };
    for (const name of o.browsers) result[name] = await soak(o, server, name);
    result.load = load();
    writeResult('soak', result);
    const failed = o.browsers.filter((b) => (result[b] as { problems: string[] }).problems.length);
    if (failed.length) throw new Error(`soak problems in ${failed.join(', ')} (see the report)`);
  } finally {
    await server.close();
  }
});
