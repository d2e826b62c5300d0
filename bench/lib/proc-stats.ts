/**
 * CPU and memory of a process tree from /proc (Linux only): the pusher plus every child it spawned (ffmpeg).
 * CPU is utime+stime in clock ticks (USER_HZ, 100 on Linux); RSS from /proc/<pid>/status (VmRSS, kB).
 */
import fs from 'node:fs';

export const CLK_TCK = 100;

interface Stat { pid: number; ppid: number; ticks: number; minflt: number; majflt: number }

function readStat(pid: number): Stat | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // rest[0] = state (field 3), ppid = field 4, utime = 14, stime = 15
    // minflt = field 10, majflt = field 12
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), minflt: Number(rest[7]), majflt: Number(rest[9]) };
  } catch {
    return undefined;
  }
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readStat(Number(d));
    if (s) out.push(s);
  }
  return out;
}

/** The pid and all its descendants, alive now. */
export function processTree(root: number): number[] {
  const stats = allStats();
  const kids = new Map<number, number[]>();
  for (const s of stats) {
    const l = kids.get(s.ppid) ?? [];
    l.push(s.pid);
    kids.set(s.ppid, l);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}

export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface TreeSample {
  /** ms, monotonic */
  at: number;
  /** CPU ticks per pid (the root and its descendants alive at the sample). */
  ticks: Map<number, number>;
  rootPid: number;
  rssRootKb: number;
  rssChildrenKb: number;
  children: number;
  /** Page faults of the root process so far (minor: a page mapped or zeroed; major: read from disk). */
  minflt: number;
  majflt: number;
  /** The whole machine's jiffies (all CPUs) busy and total, from /proc/stat. */
  hostBusy: number;
  hostTotal: number;
}

export function sampleTree(root: number): TreeSample {
  const pids = processTree(root);
  const ticks = new Map<number, number>();
  let rssChildrenKb = 0;
  for (const p of pids) {
    const s = readStat(p);
    if (s) ticks.set(p, s.ticks);
    if (p !== root) rssChildrenKb += rssKb(p);
  }
  const rs = readStat(root);
  const host = hostJiffies();
  return {
    at: performance.now(), ticks, rootPid: root, rssRootKb: rssKb(root), rssChildrenKb, children: pids.length - 1,
    minflt: rs?.minflt ?? 0, majflt: rs?.majflt ?? 0, hostBusy: host.busy, hostTotal: host.total,
  };
}

/** /proc/stat first line: busy = total − idle − iowait. */
function hostJiffies(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
}

/** Machine CPU busy between two samples, percent of all CPUs (what else ran beside the bench shows here). */
export function hostBusyBetween(a: TreeSample, b: TreeSample): number {
  const total = b.hostTotal - a.hostTotal;
  return total > 0 ? ((b.hostBusy - a.hostBusy) / total) * 100 : 0;
}

export interface CpuUse {
  /** CPU of the whole tree, percent of one core. */
  total: number;
  root: number;
  children: number;
}

/**
 * CPU between two samples. Processes present in both samples count their difference; a child that appeared in
 * between counts from 0 (its whole life is inside the window); a child that died in between is lost (steady state
 * has none).
 */
export function cpuBetween(a: TreeSample, b: TreeSample): CpuUse {
  const secs = (b.at - a.at) / 1000;
  let root = 0;
  let children = 0;
  for (const [pid, t] of b.ticks) {
    const d = t - (a.ticks.get(pid) ?? 0);
    if (pid === b.rootPid) root += d;
    else children += d;
  }
  const pct = (ticks: number) => (ticks / CLK_TCK / secs) * 100;
  return { total: pct(root + children), root: pct(root), children: pct(children) };
}

/** Load average (1 min) now. */
export function loadAverage(): number {
  return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
