/**
 * Cluster forwarding: redis-server + two pusher processes (nodes A and B, fake sink, simulator). Handles are opened
 * on A; the same BEATS load is sent to A (local: no Redis, no hop) and to B (one Redis GET + one HTTP hop to A),
 * and REAL_STREAM of an already published camera is timed on A and through B. Ratios are of one run.
 */
import path from 'node:path';
import type { Args } from './lib/args.js';
import { ensureWrk, nodeLoad, wrkLoad, type LoadResult } from './lib/load.js';
import { REPO_ROOT } from './lib/paths.js';
import { cpuBetween, sampleTree } from './lib/proc-stats.js';
import { liveRequest, pool, startPusher, type Pusher } from './lib/pusher.js';
import { fmt, table } from './lib/stats.js';
import { startRedis } from '../test/cluster/redis-server.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

export async function runCluster(args: Args): Promise<void> {
  const handles = args.num('handles', 200);
  const upstreams = args.num('upstreams', 20);
  const connections = args.num('connections', 16);
  const duration = args.num('duration', 10);
  const starts = args.num('starts', 200);
  console.log(`## Cluster forwarding\n\ncommand: \`npm run bench -- cluster ${process.argv.slice(3).join(' ')}\` (${handles} handles over ${upstreams} upstreams on node A, fake sink)\n`);
  const redis = await startRedis();
  const clip = path.join(REPO_ROOT, 'fixtures/media/h264-640x360-25fps.h264');
  const node = (id: string) => startPusher({
    sink: 'fake-sink', clip, publishBase: 'rtmp://127.0.0.1:1/live', label: `cluster-${id}`,
    extra: { cluster: { redisUrl: redis.url, nodeId: id } },
  });
  const started: Pusher[] = [];
  try {
    const a = await node('A');
    started.push(a);
    const b = await node('B');
    started.push(b);
    // every request goes to A, which takes each new NVR while it is the least-loaded or tied (no hop)
    const answers = await pool(handles, 8, (i) => a.post('/REAL_STREAM', liveRequest((i % upstreams) + 1)));
    const ids = answers.filter((x) => x.body.status_code === 200).map((x) => x.body.play_handle as number);
    const onA = (await a.get('/healthz')).handles as number;
    process.stderr.write(`cluster: ${ids.length} handles opened, ${onA} on A\n`);
    const paths = ids.map((h) => `/STREAM/${h}/BEATS`);
    const rows: (string | number)[][] = [];
    const beats = async (target: Pusher, via: string) => {
      const loads: (() => Promise<LoadResult>)[] = [];
      if (ensureWrk()) loads.push(async () => wrkLoad(target.url, paths, connections, duration));
      else loads.push(() => nodeLoad(target.url, paths, connections, duration));
      for (const load of loads) {
        const [sa, sb] = [sampleTree(a.pid), sampleTree(b.pid)];
        const r = await load();
        const [ea, eb] = [sampleTree(a.pid), sampleTree(b.pid)];
        rows.push([`BEATS ${via} (${r.tool})`, r.requests, fmt(r.rps, 0), r.errors, fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(cpuBetween(sa, ea).root, 0), fmt(cpuBetween(sb, eb).root, 0)]);
      }
    };
    await beats(a, 'to the owner A');
    await beats(b, 'through B');
    for (const [target, via] of [[a, 'on the owner A'], [b, 'through B']] as const) {
      const ms: number[] = [];
      for (let i = 0; i < starts; i++) {
        const r = await target.post('/REAL_STREAM', liveRequest((i % upstreams) + 1));
        if (r.body.status_code === 200) ms.push(r.ms);
        await target.get(`/STREAM/${r.body.play_handle}/STOP`);
      }
      rows.push([`REAL_STREAM of a published camera ${via} (sequential)`, ms.length, '', starts - ms.length, fmt(median(ms), 2), fmt(p99(ms), 2), '', '']);
    }
    console.log(table(['load', 'requests', 'req/s', 'errors', 'p50 ms', 'p99 ms', 'A CPU %', 'B CPU %'], rows));
    console.log('\nLoad generator, both nodes and redis-server share the same cores.\n');
  } finally {
    for (const p of started) await p.stop();
    await redis.stop();
  }
}
