/**
 * `koffi-threads`: how many distinct foreign threads may call one koffi-registered callback (the ceiling of SDK-fed
 * streams when a vendor library calls back from one thread per stream). Builds `lib/koffi-threads.c` with gcc and
 * runs one child process per thread count; reports its exit (a crash shows as a signal).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Args } from './lib/args.js';
import { BENCH_DIR, REPO_ROOT, WORK_DIR } from './lib/paths.js';
import { table } from './lib/stats.js';

export function runKoffiThreads(args: Args): void {
  const counts = args.nums('threads', '200,256,257,300');
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const lib = path.join(WORK_DIR, 'libkoffi-threads.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-pthread', '-O1', '-o', lib, path.join(BENCH_DIR, 'lib/koffi-threads.c')]);
  console.log(`## koffi callbacks from foreign threads\n\ncommand: \`npm run bench -- koffi-threads ${process.argv.slice(3).join(' ')}\`\n`);
  const rows = counts.map((n) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'lib/koffi-threads-child.ts'), lib, String(n)], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
    return [n, r.status ?? '', r.signal ?? '', r.stdout.trim() || '–'];
  });
  console.log(table(['threads', 'exit code', 'signal', 'callbacks in 6 s'], rows));
}
