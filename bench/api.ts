/**
 * API: BEATS requests/s with many live handles. Simulator (the repository's small fixture clip) + the test fake sink
 * (frames kept in memory, no RTMP), so the figure is the API's and the scheduler's, not a sink's. Handles are spread
 * over upstreams (several viewers per camera), each request beats the next handle in turn. Baseline in the same run: a bare
 * fastify route returning the same body (`lib/bare-fastify.ts`, its own process), rounds alternating with the pusher's.
 */
import os from 'node:os';
import path from 'node:path';
import type { Args } from './lib/args.js';
import { ensureWrk, nodeLoad, wrkLoad, type LoadResult } from './lib/load.js';
import { REPO_ROOT, WORK_DIR } from './lib/paths.js';
import { cpuBetween, sampleTree } from './lib/proc-stats.js';
import { liveRequest, pool, startPusher } from './lib/pusher.js';
import { fmt, table } from './lib/stats.js';
import { startBareFastify } from './lib/bare-server.js';

const loadAvg1 = () => os.loadavg()[0]!.toFixed(2);

export async function runApi(args: Args): Promise<void> {
  const handles = args.num('handles', 1000);
  const upstreams = args.num('upstreams', 100);
  const connections = args.num('connections', 32);
  const duration = args.num('duration', 10);
  const rounds = args.num('rounds', 2);
  console.log(`## API\n\ncommand: \`npm run bench -- api ${process.argv.slice(3).join(' ')}\` (${handles} live handles over ${upstreams} upstreams, fake sink, ${duration} s per tool)\n`);
  const clip = path.join(REPO_ROOT, 'fixtures/media/h264-640x360-25fps.h264');
  // no RTMP server: the fake sink publishes nowhere
  const pusher = await startPusher({ sink: 'fake-sink', clip, publishBase: 'rtmp://127.0.0.1:1/live', label: 'api', nodeFlags: args.has('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${WORK_DIR}/profiles`] : [] });
  const bare = await startBareFastify();
  const rows: (string | number)[][] = [];
  const ratios: number[] = [];
  let idleCpu = NaN;
  try {
    const answers = await pool(handles, 16, (i) => pusher.post('/REAL_STREAM', liveRequest((i % upstreams) + 1)));
    const ids = answers.filter((a) => a.body.status_code === 200).map((a) => a.body.play_handle as number);
    if (ids.length !== handles) throw new Error(`only ${ids.length}/${handles} handles opened: ${JSON.stringify(answers.find((a) => a.body.status_code !== 200)?.body)}`);
    const health = await pusher.get('/healthz');
    process.stderr.write(`api: ${health.handles} handles, ${health.streams} upstreams\n`);
    const paths = ids.map((h) => `/STREAM/${h}/BEATS`);
    const wrk = ensureWrk();
    if (!wrk) process.stderr.write('wrk not available: node loop only\n');
    const load = (url: string): Promise<LoadResult> => wrk ? Promise.resolve(wrkLoad(url, paths, connections, duration)) : nodeLoad(url, paths, connections, duration);
    // what the live upstreams themselves cost the pusher's thread, with no API load
    const i0 = sampleTree(pusher.pid);
    await new Promise((r) => setTimeout(r, 3000));
    idleCpu = cpuBetween(i0, sampleTree(pusher.pid)).root;
    // the baseline and the pusher alternate, so both see the same host load; ratio per round
    for (let round = 1; round <= rounds; round++) {
      const results: Record<string, LoadResult> = {};
      for (const [name, target] of [['bare fastify', bare], ['pusher BEATS', pusher]] as const) {
        const a = sampleTree(target.pid);
        const r = await load(target.url);
        const b = sampleTree(target.pid);
        results[name] = r;
        rows.push([round, name, r.tool, r.requests, fmt(r.rps, 0), r.errors, fmt(r.p50Ms, 2), fmt(r.p99Ms, 2), fmt(cpuBetween(a, b).root, 0), loadAvg1()]);
      }
      ratios.push(results['pusher BEATS']!.rps / results['bare fastify']!.rps);
    }
    const after = await pusher.get('/healthz');
    rows.push(['', `handles still open after the load: ${after.handles}`, '', '', '', '', '', '', '', '']);
  } finally {
    await pusher.stop();
    await bare.stop();
  }
  console.log(table(['round', 'server', 'load generator', 'requests', 'req/s', 'errors', 'p50 ms', 'p99 ms', 'server CPU %', 'load 1 min'], rows));
  console.log(`\npusher CPU with the ${upstreams} upstreams live and no API load: ${fmt(idleCpu, 0)} % of a core (3 s)`);
  console.log(`BEATS ÷ bare fastify req/s, per round: ${ratios.map((r) => `${fmt(r, 2)}×`).join(', ')} (target ≥ 0.8)`);
  console.log('\nwrk runs on the same 2 cores as the server it loads (it takes CPU from it); the bare fastify route returns the same body with the same schemas, no logger, no hooks.\n');
}
