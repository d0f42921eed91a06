/**
 * Scenario 3, relay: how long a message takes from the page's `onmessage` to the panel, and
 * whether any is lost, at server-paced rates (Chromium, panel.html?tabId=N in its own window).
 *
 * Method. The server sends `rate x seconds` text messages (~100 B), each with its sequence number
 * and send time. The page records Date.now() at `onmessage` for every sequence number. In the
 * panel, a MutationObserver on the toolbar counts ("N / M messages") records Date.now() whenever
 * the total changes. Message k is "in the panel" at the first record whose total covers it; its
 * latency is that time minus the page's time for k. Both clocks are the same system clock
 * (Date.now(), 1 ms). The panel renders its counts once per animation frame, so each figure
 * includes the wait for the next frame (0-16.7 ms at 60 Hz): it is when the user can see the
 * message, an upper bound of when the store had it.
 * Lost messages: the panel's final total must cover every message, and the last row (after
 * scrolling to the end) must carry the last sequence number the hook assigned.
 */
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromiumCdp } from './lib/cdp';
import { benchOptions } from './lib/options';
import { startLoadMeter } from './lib/proc';
import { progress, writeResult } from './lib/results';
import { startBenchServer } from './lib/server';
import { interleave, percentiles, summarize } from './lib/stats';

const PROBE = readFileSync(fileURLToPath(new URL('./pages/panel-probe.js', import.meta.url)), 'utf8');

interface RelayRun {
  count: number;
  lost: number;
  p50: number;
  p99: number;
  max: number;
  /** The same messages from the server's send to the page's onmessage. */
  serverToPageP50: number;
  serverToPageP99: number;
  /** Messages per second the page actually received (first to last). */
  achievedRate: number;
  /** The most the panel's "behind the page" notice said during the run (0: never shown). */
  behindShownMs: number;
  problems: string[];
}

let serial = 0;

test('relay', async () => {
  const o = benchOptions();
  const server = await startBenchServer();
  const load = startLoadMeter();
  progress('relay, chromium');
  const browser = await launchChromiumCdp({ extensionDir: o.chromeDir });

  async function runOnce(rate: number): Promise<RelayRun> {
    const count = Math.round(rate * o.relay.seconds);
    const problems: string[] = [];
    const url = server.url(`/bench.html?relay=${++serial}`);
    const page = await browser.newPage(url);
    const panel = await browser.openPanel(url);
    try {
      await page.waitFor('window.__bench && window.__bench.ready');
      await panel.waitFor(PROBE, 15_000, 'the panel toolbar');
      await page.evaluate(`__bench.connect(${JSON.stringify(server.wsUrl(`/paced?rate=${rate}&count=${count}&bytes=100`))})`);
      await panel.waitFor('window.__probe.connections() >= 1', 15_000, 'the connection in the panel');
      // The count before the run (the "open" row, where the toolbar counts connection events), then
      // the page's "start" message, then the stream.
      const base = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total + 1;
      // What the panel's "N s behind the page" status line says, sampled while the stream runs.
      await panel.evaluate(`(() => { window.__behindMax = 0; window.__behindTimer = setInterval(() => { const v = Number(document.querySelector('.status.behind')?.dataset.behindMs ?? 0); if (v > window.__behindMax) window.__behindMax = v; }, 50); })()`);
      const pageResult = await page.evaluate<{ received: number; outOfOrder: number; serverToPageP50: number; serverToPageP99: number; lastAt: number }>(`__bench.paced({ count: ${count} })`);
      if (pageResult.outOfOrder) problems.push(`${pageResult.outOfOrder} messages out of order at the page`);
      const arrived = await panel
        .waitFor(`window.__probe.counts()?.total >= ${base + count}`, 60_000, `${count} messages in the panel`)
        .then(() => true)
        .catch(() => false);
      const behindShownMs = await panel.evaluate<number>('(clearInterval(window.__behindTimer), window.__behindMax)');
      const arrivals = await page.evaluate<number[]>('__bench.arrivalTimes()');
      const log = await panel.evaluate<number[]>('window.__probe.log()');
      const final = (await panel.evaluate<{ total: number }>('window.__probe.counts()')).total;
      const lost = Math.max(0, base + count - final);
      if (!arrived) problems.push(`panel has ${final - base} of ${count} messages after 60 s`);
      if (final > base + count) problems.push(`panel has ${final - base - count} rows more than expected`);
      await panel.evaluate('window.__probe.toEnd()');
      const lastSeq = await panel.evaluate<number>('window.__probe.lastSeq()');
      // The hook numbers every message of the document: "start" is 1, the stream 2..count+1.
      if (lastSeq !== count + 1) problems.push(`panel's last row has seq ${lastSeq}, expected ${count + 1}`);

      const latencies: number[] = [];
      let j = 0;
      for (let k = 1; k <= count; k++) {
        while (j < log.length && log[j + 1] < base + k) j += 2;
        if (j >= log.length) break;
        latencies.push(log[j] - arrivals[k - 1]);
      }
      const [p50, p99, max] = percentiles(latencies, [0.5, 0.99, 1]);
      const first = arrivals[0];
      const achievedRate = count > 1 ? ((count - 1) * 1000) / Math.max(1, pageResult.lastAt - first) : NaN;
      return { count, lost, p50, p99, max, serverToPageP50: pageResult.serverToPageP50, serverToPageP99: pageResult.serverToPageP99, achievedRate, behindShownMs, problems };
    } finally {
      await page.evaluate('__bench.close()').catch(() => undefined);
      await panel.close();
      await page.close();
    }
  }

  try {
    await runOnce(o.relay.rates[0]); // warm-up, not recorded
    const keys = o.relay.rates.map(String);
    const runs = await interleave(keys, o.reps, (rate) => runOnce(Number(rate)), progress);
    const rates = Object.fromEntries(
      keys.map((rate) => {
        const list = runs[rate];
        const pick = (key: keyof RelayRun) => summarize(list.map((r) => Number(r[key])));
        return [
          rate,
          {
            count: list[0].count,
            lost: list.reduce((a, r) => a + r.lost, 0),
            p50: pick('p50'),
            p99: pick('p99'),
            max: pick('max'),
            serverToPageP50: pick('serverToPageP50'),
            serverToPageP99: pick('serverToPageP99'),
            achievedRate: pick('achievedRate'),
            behindShownMs: pick('behindShownMs'),
            problems: list.flatMap((r) => r.problems),
          },
        ];
      }),
    );
    writeResult('relay', { version: browser.version, seconds: o.relay.seconds, reps: o.reps, rates, load: load() });
  } finally {
    await browser.close();
    await server.close();
  }
});
