/**
 * Time to first frame: REAL_STREAM request → answer, and → first video frame read back from the server
 * (an HTTP-FLV viewer of node-media-server opened as soon as the answer arrives); then a second viewer of the same
 * stream (shared upstream): its REAL_STREAM answer and its first frame. One fresh simulator channel per trial.
 * The simulator emits its first key frame on its first 10 ms tick after the live session opens, in process, so
 * request → answer bounds "first key frame → answer" from above (login and play are in-process calls).
 */
import type { Args } from './lib/args.js';
import { benchClip } from './lib/media.js';
import { startServer, type ServerName } from './lib/srs.js';
import { liveRequest, startPusher, streamKey, type SinkName } from './lib/pusher.js';
import { openFlvViewer } from './lib/flv-reader.js';
import { sleep } from './lib/run-env.js';
import { short, sinkNames } from './lib/sinks.js';
import { spread, table } from './lib/stats.js';

interface Trial { answer: number; frame: number; answer2: number; frame2: number }

async function trials(sink: SinkName, mbps: number, runs: number, sinkOptions: object | undefined, label: string, server: ServerName): Promise<Trial[]> {
  const clip = benchClip(mbps);
  const nms = await startServer(server);
  const pusher = await startPusher({ sink, clip: clip.file, publishBase: nms.publishBase, sinkOptions, label }).catch(async (e) => {
    await nms.stop();
    throw e;
  });
  const out: Trial[] = [];
  try {
    // one warm-up stream (first request loads code paths lazily), not counted
    for (let i = 0; i <= runs; i++) {
      const req = liveRequest(1000 + i);
      const t0 = performance.now();
      const a = await pusher.post('/REAL_STREAM', req);
      if (a.body.status_code !== 200) throw new Error(`REAL_STREAM failed: ${JSON.stringify(a.body)}`);
      const url = nms.httpFlvUrl(streamKey(a.body.rtmp_url));
      const v1 = openFlvViewer(url);
      const f1 = await withTimeout(v1.firstFrame, 10_000);
      const t1 = performance.now();
      const b = await pusher.post('/REAL_STREAM', req);
      const v2 = openFlvViewer(url);
      const f2 = await withTimeout(v2.firstFrame, 10_000);
      v1.close();
      v2.close();
      if (i > 0) out.push({ answer: a.ms, frame: f1.at - t0, answer2: b.ms, frame2: f2.at - t1 });
      await pusher.get(`/STREAM/${a.body.play_handle}/STOP`);
      await pusher.get(`/STREAM/${b.body.play_handle}/STOP`);
      await sleep(300);
    }
  } finally {
    await pusher.stop();
    await nms.stop();
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, rej) => { t = setTimeout(() => rej(new Error(`no frame in ${ms} ms`)), ms); })]).finally(() => clearTimeout(t));
}

export async function runFirstFrame(args: Args): Promise<void> {
  const sinks = sinkNames(args.list('sink', 'native,ffmpeg'));
  const runs = args.num('runs', 5);
  const mbps = args.num('bitrate', 4);
  const servers = args.list('server', 'srs,nms') as ServerName[];
  console.log(`## Time to first frame\n\ncommand: \`npm run bench -- first-frame ${process.argv.slice(3).join(' ')}\` (${mbps} Mb/s clip, ${runs} trials each, ms, median (min–max))\n`);
  const rows: (string | number)[][] = [];
  const variants: { sink: SinkName; name: string; options?: object }[] = [];
  for (const s of sinks) {
    variants.push({ sink: s, name: short(s) });
    // the former default (a 200 ms settle after Publish.Start), for comparison
    if (s === 'native-flv-sink') variants.push({ sink: s, name: 'native, publishSettleMs 200', options: { publishSettleMs: 200 } });
  }
  for (const server of servers) for (const v of variants) {
    process.stderr.write(`first-frame ${server} ${v.name} ... `);
    const t = await trials(v.sink, mbps, runs, v.options, `ttff-${short(v.sink)}`, server);
    process.stderr.write('done\n');
    rows.push([server, v.name, spread(t.map((x) => x.answer), 0), spread(t.map((x) => x.frame), 0), spread(t.map((x) => x.answer2), 1), spread(t.map((x) => x.frame2), 1)]);
  }
  console.log(table(['server', 'sink', '1st viewer: request → answer', '1st viewer: request → first frame at server', '2nd viewer: request → answer', '2nd viewer: request → first frame'], rows));
  console.log('');
}
