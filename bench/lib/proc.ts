/**
 * CPU time of browser processes and threads from /proc (Linux), in seconds with nanosecond
 * resolution (`schedstat`: time spent running on a CPU). Used where the browser offers no
 * counter of its own (Firefox), and for whole-browser totals in both browsers.
 */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds of a whole process, all threads including exited ones (`/proc/PID/stat` utime +
 * stime, 10 ms resolution), or of one thread when `tid` is given (its schedstat, 1 ns resolution).
 */
export function cpuSeconds(pid: number, tid?: number): number {
  try {
    if (tid !== undefined) return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100; // utime + stime, in USER_HZ
  } catch {
    return NaN; // the process is gone
  }
}

/** The main thread of a process is the thread whose id is the process id. */
export const mainThreadCpuSeconds = (pid: number) => cpuSeconds(pid, pid);

/** `rootPid` and all its descendants. */
export function processTree(rootPid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(name), Number(rest[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

export function treeCpuSeconds(rootPid: number): number {
  let total = 0;
  for (const pid of processTree(rootPid)) {
    const s = cpuSeconds(pid);
    if (Number.isFinite(s)) total += s;
  }
  return total;
}

/** The command line of a process, arguments joined by spaces ('' once it exited). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Renderer processes of Chromium, web content processes of Firefox. */
export const isContentProcess = (pid: number) => {
  const cmd = commandLine(pid);
  return cmd.includes('--type=renderer') || (cmd.includes('-contentproc') && cmd.trim().endsWith(' tab'));
};

/** Resident memory of a process in bytes (0 once it exited). */
export function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/**
 * Which process of the tree runs a page: the page fills a 256 MB buffer (`touch` does it there)
 * and the content process whose resident memory grew by that much is the one. Memory, unlike a
 * CPU burn, does not depend on how busy the machine is.
 */
export async function findPageProcess(rootPid: number, touch: () => Promise<unknown>, release: () => Promise<unknown>): Promise<number> {
  const pids = processTree(rootPid).filter(isContentProcess);
  const before = new Map(pids.map((pid) => [pid, residentBytes(pid)]));
  await touch();
  const deltas = pids.map((pid) => [pid, residentBytes(pid) - (before.get(pid) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
  await release();
  const [first] = deltas;
  if (!first || first[1] < 150 * 1024 * 1024) {
    throw new Error(`could not tell which process runs the page (largest growth: ${((first?.[1] ?? 0) / 1048576).toFixed(0)} MB)`);
  }
  return first[0];
}

/** Busy CPU seconds of the whole machine (all cores) since boot, from /proc/stat. */
function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait.
  const busy = fields.reduce((a, b) => a + b, 0) - fields[3] - (fields[4] ?? 0);
  return busy / 100; // USER_HZ
}

export interface LoadReport {
  seconds: number;
  /** Average cores kept busy by this benchmark's processes (the Node process, its browsers and servers). */
  ownCores: number;
  /** Average cores kept busy by everything else on the machine meanwhile. */
  otherCores: number;
  loadavg: [number, number, number];
}

/**
 * Measures how busy the machine was while a scenario ran, split between this benchmark and other
 * processes: figures taken on a machine shared with other work are noisier, and the report says so.
 */
export function startLoadMeter(): () => LoadReport {
  const t0 = Date.now();
  const machine0 = machineBusySeconds();
  // Per process: CPU when first seen and when last seen. Sampled, because browsers this
  // benchmark closes leave the tree, and their CPU must still count as ours.
  const seen = new Map<number, [number, number]>();
  const sample = (initial: boolean) => {
    for (const pid of processTree(process.pid)) {
      const s = cpuSeconds(pid);
      if (!Number.isFinite(s)) continue;
      const entry = seen.get(pid);
      if (entry) entry[1] = s;
      else seen.set(pid, [initial ? s : 0, s]);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample(false);
    const seconds = (Date.now() - t0) / 1000;
    const machine = machineBusySeconds() - machine0;
    let own = 0;
    for (const [first, last] of seen.values()) own += last - first;
    const other = Math.max(0, machine - own);
    const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number) as [number, number, number];
    return { seconds, ownCores: own / seconds, otherCores: other / seconds, loadavg };
  };
}

/**
 * CPU seconds of a process's threads whose name (`comm`, 15 characters) matches `name`, by thread
 * id. Dedicated workers run on threads of their own in the page's process: Chromium names them
 * "DedicatedWorker thread" (comm "DedicatedWorker"), Firefox "DOM Worker".
 */
export function namedThreadsCpuSeconds(pid: number, name: RegExp): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      if (!name.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim())) continue;
      const s = cpuSeconds(pid, Number(tid));
      if (Number.isFinite(s)) out.set(Number(tid), s);
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

/** CPU spent between two `namedThreadsCpuSeconds` readings (threads born meanwhile count from 0). */
export function threadsCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [tid, s] of after) total += s - (before.get(tid) ?? 0);
  return total;
}
