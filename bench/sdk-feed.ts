/**
 * `sdk-feed`: N live streams from the HCNetSDK emulator's threads through the real hikvision plugin (koffi
 * callbacks registered on the main thread, SDK calls on the worker threads of core/ffi) into the native sink and
 * the RTMP server (SRS when ../shared has it). One fresh bench process per N (`scale-child.ts`); CPU of the
 * pusher (the emulator's threads run inside it, so their pacing and copying is counted too), frames at sampled
 * viewers, frames the sink dropped.
 */
import type { Args } from './lib/args.js';
import { benchHikMedia } from './lib/hik-emu.js';
import { WORK_DIR } from './lib/paths.js';
import { sleep } from './lib/run-env.js';
import { defaultServer, type ServerName } from './lib/srs.js';
import { fmt, table } from './lib/stats.js';
import { runInChild } from './report-scale.js';

export async function runSdkFeed(args: Args): Promise<void> {
  const streams = args.nums('streams', '100,500');
  const mbps = args.num('bitrate', 4);
  const windowS = args.num('window', 10);
  const warmupS = args.num('warmup', 4);
  const viewers = args.num('viewers', 3);
  const server = args.get('server', defaultServer()) as ServerName;
  const nodeFlags = args.has('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${WORK_DIR}/profiles`] : [];
  console.log(`## SDK feed (HCNetSDK emulator → koffi callbacks → native sink)\n\ncommand: \`npm run bench -- sdk-feed ${process.argv.slice(3).join(' ')}\`\n`);
  console.log(`RTMP server: ${server}; media: IMKH + MPEG-PS of the 1280x720 25 fps clip, measured ${fmt(benchHikMedia(mbps).actualMbps, 2)} Mb/s, paced by the emulator from the pack SCRs\n`);
  const rows: (string | number)[][] = [];
  for (const n of streams) {
    if (rows.length) await sleep(5000);
    process.stderr.write(`sdk-feed N=${n} ... `);
    try {
      const r = await runInChild({ sink: 'native-flv-sink', streams: n, mbps, windowS, warmupS, viewers, server, nodeFlags, source: 'hik-emulator', label: `sdk-feed-${n}` });
      process.stderr.write(`${fmt(r.cpuTotal, 1)} % CPU\n`);
      rows.push([n, `${r.opened}/${n}`, fmt(r.cpuTotal, 1), fmt(r.cpuPerStream, 3), fmt(r.rssTotalMb, 0), fmt(r.cpuNms, 1), fmt(r.hostBusyPct, 0), fmt(r.load1, 2),
        `${r.viewerFrames}/${r.viewerExpected}`, r.viewerLost, r.sinkDropped, fmt(r.latenessP99, 0), r.keptUp ? 'yes' : 'no']);
    } catch (e) {
      process.stderr.write(`failed: ${(e as Error).message}\n`);
      rows.push([n, `failed: ${(e as Error).message}`, '', '', '', '', '', '', '', '', '', '', '']);
    }
  }
  console.log(table(['N', 'opened', 'CPU % total', 'CPU %/stream', 'RSS MB', 'server CPU %', 'host busy %', 'load 1 min',
    'viewer frames got/expected', 'lost', 'sink dropped', 'lateness p99 ms', 'kept up'], rows));
}
