/** The machine a bench ran on, printed with every report. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

export function machine(): string {
  const model = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  let ffmpeg = '?';
  try {
    ffmpeg = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0]!.replace(/ Copyright.*/, '');
  } catch { /* missing */ }
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return [
    `date ${new Date().toISOString()}`,
    `cpu ${model}, nproc ${os.availableParallelism()}, mem ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node ${process.version}, ${ffmpeg}, kernel ${os.release()}`,
    `load average ${load}`,
  ].join('\n');
}

/** Kills pids still alive whose command is `comm` (orphaned ffmpeg children), by id. */
export function killLeftovers(pids: Iterable<number>, comm = 'ffmpeg'): number {
  let n = 0;
  for (const p of pids) {
    try {
      if (fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() !== comm) continue;
      process.kill(p, 'SIGKILL');
      n++;
    } catch { /* gone */ }
  }
  return n;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
