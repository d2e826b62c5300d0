/**
 * Added latency: N live streams, every one watched over HTTP-FLV on loopback; per video frame,
 * lateness = (arrival − FLV timestamp) − min over the stream's frames of (arrival − FLV timestamp).
 * The simulator emits each frame when the wall clock reaches its timestamp (10 ms ticks), so lateness is the
 * delay a frame got on top of the fastest frame of its stream: source pacing jitter (≤ 10 ms), core, sink,
 * socket, node-media-server relay and the viewer, i.e. an upper bound of the pusher's own added jitter; the
 * constant part common to all frames is not seen (on an idle loopback it is the fastest frame's ~1 ms path).
 */
import type { Args } from './lib/args.js';
import { short, sinkNames } from './lib/sinks.js';
import { fmt, spread, table } from './lib/stats.js';
import { scaleRun } from './scale.js';

export async function runLatency(args: Args): Promise<void> {
  const sinks = sinkNames(args.list('sink', 'native,ffmpeg'));
  const n = args.num('streams', 10);
  const mbps = args.num('bitrate', 4);
  const windowS = args.num('window', 20);
  const runs = args.num('runs', 1);
  console.log(`## Added latency\n\ncommand: \`npm run bench -- latency ${process.argv.slice(3).join(' ')}\` (${n} streams at ${mbps} Mb/s, all watched, ${windowS} s window, ${runs} run(s))\n`);
  const rows: (string | number)[][] = [];
  for (const sink of sinks) {
    const p50: number[] = [];
    const p99: number[] = [];
    const lost: number[] = [];
    for (let r = 0; r < runs; r++) {
      process.stderr.write(`latency ${short(sink)} run ${r + 1} ... `);
      const res = await scaleRun({ sink, streams: n, mbps, windowS, warmupS: 3, viewers: n, label: `lat-${short(sink)}-${r}` });
      process.stderr.write(`p99 ${fmt(res.latenessP99, 0)} ms\n`);
      p50.push(res.latenessP50);
      p99.push(res.latenessP99);
      lost.push(res.viewerLost);
    }
    rows.push([short(sink), spread(p50, 1), spread(p99, 1), lost.reduce((a, b) => a + b, 0)]);
  }
  console.log(table(['sink', 'lateness p50 ms', 'lateness p99 ms', 'frames lost'], rows));
  console.log('');
}
