/**
 * Benchmarks (not tests): `npm run bench -- [all|scale|first-frame|latency|api|sdk-feed|...] [options]`.
 * Every scenario starts its own node-media-server and pusher processes and cleans them up. See docs/benchmarks.md.
 */
import { parseArgs } from './lib/args.js';
import { machine } from './lib/run-env.js';
import { runScale } from './report-scale.js';
import { runFirstFrame } from './first-frame.js';
import { runLatency } from './latency.js';
import { runApi } from './api.js';
import { runCluster } from './cluster.js';
import { runAac } from './aac.js';
import { runMicro } from './micro.js';
import { runSdkFeed } from './sdk-feed.js';
import { runKoffiThreads } from './koffi-threads.js';

const USAGE = `npm run bench -- <scenario> [options]
  scale        --sink native,ffmpeg --streams 10,50,100,200 --bitrate 4 --runs 2 --window 10 --warmup 4 --viewers 3
               [--max-native 500] [--cpu-prof]
  first-frame  --sink native,ffmpeg --runs 5 --bitrate 4
  latency      --sink native,ffmpeg --streams 10 --bitrate 4 --window 20
  micro        --reps 31 --bitrate 4   (muxer and chunk writer against the copying path, in-process)
  api          --handles 1000 --upstreams 100 --connections 32 --duration 10 --rounds 2 [--cpu-prof]  (BEATS against a bare fastify route, wrk)
  cluster      --handles 200 --upstreams 20 --connections 16 --duration 10 --starts 200  (redis-server + 2 nodes)
  aac          --seconds 600   (G.711 → AAC encoder CPU per stream, against one ffmpeg process)
  sdk-feed     --streams 100,500 --bitrate 4 --window 10 --warmup 4 --viewers 3 [--cpu-prof]
               (HCNetSDK emulator threads → koffi callbacks → native sink → SRS)
  koffi-threads --threads 200,256,257,300   (foreign threads calling one koffi callback: where it crashes)
  all          (default) every scenario with modest defaults, ~15 min`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) { console.log(USAGE); return; }
  console.log(`## Machine\n\n\`\`\`\n${machine()}\n\`\`\`\n`);
  const s = args.scenario;
  if (s === 'scale' || s === 'all') await runScale(args);
  if (s === 'first-frame' || s === 'all') await runFirstFrame(args);
  if (s === 'latency' || s === 'all') await runLatency(args);
  if (s === 'api' || s === 'all') await runApi(args);
  if (s === 'cluster' || s === 'all') await runCluster(args);
  if (s === 'aac' || s === 'all') await runAac(args);
  if (s === 'micro' || s === 'all') await runMicro(args);
  if (s === 'sdk-feed') await runSdkFeed(args);
  if (s === 'koffi-threads') runKoffiThreads(args);
  if (!['scale', 'first-frame', 'latency', 'api', 'cluster', 'aac', 'micro', 'sdk-feed', 'koffi-threads', 'all'].includes(s)) { console.error(USAGE); process.exitCode = 2; }
  console.log(`\nload average at the end: ${machine().split('\n').at(-1)}`);
}

// every scenario stops its child processes in `finally`; exit explicitly so a stray handle cannot keep us alive
main().then(() => process.exit(process.exitCode ?? 0), (e) => {
  console.error(e);
  process.exit(1);
});
