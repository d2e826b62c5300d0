/** `scale` scenario: runs × stream counts × sinks (pairs in alternating order), then markdown tables. */
import type { Args } from './lib/args.js';
import { benchClip } from './lib/media.js';
import { short, sinkNames } from './lib/sinks.js';
import { fmt, median, spread, table } from './lib/stats.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, REPO_ROOT, WORK_DIR } from './lib/paths.js';
import { sleep } from './lib/run-env.js';
import { defaultServer, type ServerName } from './lib/srs.js';
import type { ScaleParams, ScaleResult } from './scale.js';

/** Runs one scale measurement in a fresh child process (scale-child.ts) and returns its result. */
export function runInChild(p: ScaleParams): Promise<ScaleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'scale-child.ts'), JSON.stringify(p)], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ScaleResult);
      else reject(new Error(`scale run ${p.label} exited with ${code}`));
    });
  });
}

export async function runScale(args: Args): Promise<ScaleResult[]> {
  const sinks = sinkNames(args.list('sink', 'native,ffmpeg'));
  const streams = args.nums('streams', '10,50,100,200');
  const maxNative = args.num('max-native', 0);
  const bitrates = args.nums('bitrate', '4');
  const runs = args.num('runs', 2);
  const windowS = args.num('window', 10);
  const warmupS = args.num('warmup', 4);
  const viewers = args.num('viewers', 3);
  const nodeFlags = args.has('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${WORK_DIR}/profiles`] : [];
  const server = args.get('server', defaultServer()) as ServerName;
  // Pause between runs so the previous run's processes are gone and the kernel has reclaimed their memory.
  const settleS = args.num('settle', 5);
  const results: ScaleResult[] = [];
  console.log(`## Scale\n\ncommand: \`npm run bench -- scale ${process.argv.slice(3).join(' ')}\`\n`);
  console.log(`RTMP server: ${server === 'srs' ? 'SRS 6 (../shared/tools/srs-6/srs)' : 'node-media-server'}, own process; each run in a fresh bench process, ${settleS} s pause between runs, same warm-up\n`);
  for (const mbps of bitrates) {
    const clip = benchClip(mbps);
    console.log(`clip: 1280x720 H.264, 25 fps, GOP 50, no B-frames, target ${mbps} Mb/s, measured ${fmt(clip.actualMbps, 2)} Mb/s\n`);
    const counts = [...streams];
    if (maxNative && !counts.includes(maxNative)) counts.push(maxNative);
    const brokeAt = new Map<string, number>();
    for (let run = 0; run < runs; run++) {
      for (const n of counts) {
        const order = run % 2 === 0 ? sinks : [...sinks].reverse();
        for (const sink of order) {
          if (n === maxNative && !streams.includes(n) && sink !== 'native-flv-sink') continue;
          const broke = brokeAt.get(sink);
          if (broke !== undefined && n > broke) continue;
          process.stderr.write(`scale ${short(sink)} N=${n} ${mbps} Mb/s run ${run + 1}/${runs} ... `);
          if (results.length > 0) await sleep(settleS * 1000);
          const r = await runInChild({ sink, streams: n, mbps, windowS, warmupS, viewers, nodeFlags, server, label: `${short(sink)}-${n}-${mbps}-${run}` });
          results.push(r);
          process.stderr.write(`cpu ${fmt(r.cpuTotal)}% rss ${fmt(r.rssTotalMb, 0)} MB minflt/s ${fmt(r.minFaultsPerS, 0)} host ${fmt(r.hostBusyPct, 0)}% load ${r.load1} lost ${r.viewerLost} dropped ${r.sinkDropped} p99 ${fmt(r.latenessP99, 0)} ms ${r.keptUp ? 'ok' : 'NOT KEEPING UP'}\n`);
          if (!r.keptUp && (broke === undefined || n < broke)) brokeAt.set(sink, n);
        }
      }
    }
    printTables(results.filter((r) => r.params.mbps === mbps), mbps);
  }
  return results;
}

function printTables(results: ScaleResult[], mbps: number): void {
  const groups = new Map<string, ScaleResult[]>();
  for (const r of results) {
    const k = `${r.params.streams}|${r.params.sink}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const rows = [...groups.values()].sort((a, b) => a[0]!.params.streams - b[0]!.params.streams || a[0]!.params.sink.localeCompare(b[0]!.params.sink)).map((g) => {
    const r0 = g[0]!;
    return [
      r0.params.streams, short(r0.params.sink), g.length,
      `${Math.min(...g.map((r) => r.opened))}/${r0.params.streams}`,
      spread(g.map((r) => r.cpuPerStream), 2),
      spread(g.map((r) => r.rssPerStreamMb), 2),
      spread(g.map((r) => r.cpuTotal), 0),
      spread(g.map((r) => r.rssTotalMb), 0),
      spread(g.map((r) => r.cpuNms), 0),
      `${g.reduce((s, r) => s + r.viewerFrames, 0)}/${g.reduce((s, r) => s + r.viewerExpected, 0)}`,
      g.reduce((s, r) => s + r.viewerLost, 0),
      g.reduce((s, r) => s + r.sinkDropped, 0),
      spread(g.map((r) => r.latenessP99), 0),
      g.every((r) => r.keptUp) ? 'yes' : `no (${g.filter((r) => !r.keptUp).length}/${g.length})`,
    ];
  });
  console.log(`### ${mbps} Mb/s: every run, in the order run\n`);
  console.log(table(['#', 'N', 'sink', 'opened', 'CPU % total', 'CPU %/stream', 'RSS MB', 'server CPU %', 'pusher minor faults/s', 'extra warm-up s', 'host busy %', 'load 1 min', 'lost', 'dropped', 'p99 ms', 'kept up'],
    results.map((r, i) => [i + 1, r.params.streams, short(r.params.sink), `${r.opened}/${r.params.streams}`, fmt(r.cpuTotal), fmt(r.cpuPerStream, 3), fmt(r.rssTotalMb, 0), fmt(r.cpuNms), fmt(r.minFaultsPerS, 0), fmt(r.extraWarmupS, 0), fmt(r.hostBusyPct, 0), r.load1, r.viewerLost, r.sinkDropped, fmt(r.latenessP99, 0), r.keptUp ? 'yes' : 'no'])));
  console.log(`\n### ${mbps} Mb/s: per stream (median (min–max) over runs)\n`);
  console.log(table(['N', 'sink', 'runs', 'opened', 'CPU %/stream', 'RSS MB/stream', 'CPU % total', 'RSS MB total', 'server CPU %', 'viewer frames got/expected', 'lost', 'sink dropped', 'lateness p99 ms', 'kept up'], rows));
  // ratios pair by pair: same run index, same N
  const ratioRows: (string | number)[][] = [];
  const byN = new Map<number, ScaleResult[]>();
  for (const r of results) byN.set(r.params.streams, [...(byN.get(r.params.streams) ?? []), r]);
  for (const [n, rs] of [...byN].sort((a, b) => a[0] - b[0])) {
    const nat = rs.filter((r) => r.params.sink === 'native-flv-sink');
    const ff = rs.filter((r) => r.params.sink === 'ffmpeg-sink');
    const pairs = Math.min(nat.length, ff.length);
    if (!pairs) continue;
    const cpu: number[] = [];
    const mem: number[] = [];
    for (let i = 0; i < pairs; i++) {
      cpu.push(ff[i]!.cpuPerStream / nat[i]!.cpuPerStream);
      mem.push(ff[i]!.rssPerStreamMb / nat[i]!.rssPerStreamMb);
    }
    ratioRows.push([n, pairs, `${spread(cpu, 1)}×`, cpu.map((x) => `${fmt(x, 1)}×`).join(', '), `${spread(mem, 1)}×`]);
  }
  if (ratioRows.length) {
    console.log(`\n### ${mbps} Mb/s: ffmpeg ÷ native, pair by pair (median (min–max))\n`);
    console.log(table(['N', 'pairs', 'CPU per stream, median (min–max)', 'every pair', 'RSS per stream'], ratioRows));
  }
  const ok = (sink: string) => Math.max(0, ...results.filter((r) => r.params.sink === sink && r.keptUp).map((r) => r.params.streams));
  console.log(`\nlargest N kept up at ${mbps} Mb/s: native ${ok('native-flv-sink') || 'none'}, ffmpeg ${ok('ffmpeg-sink') || 'none'}; median REAL_STREAM answer while opening: ${fmt(median(results.map((r) => r.openMsMedian)), 0)} ms\n`);
}
