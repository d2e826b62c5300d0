/**
 * The pusher (`core/main.ts`) in its own process, as in production, so /proc figures are its own: a generated
 * config (simulator + one sink, publishing to the bench RTMP server) and HTTP helpers for the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../test/support/ports.js';
import { stopChild } from './nms.js';
import { REPO_ROOT, WORK_DIR } from './paths.js';

export type SinkName = 'native-flv-sink' | 'ffmpeg-sink' | 'fake-sink';

export interface PusherOptions {
  sink: SinkName;
  /** Annex-B H.264 clip every simulator channel plays. */
  clip: string;
  publishBase: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  maxStreams?: number;
  /** Over the sink's bench options (e.g. `{ publishSettleMs: 0 }`). */
  sinkOptions?: object;
  label: string;
  /** Config keys over the bench defaults (e.g. `cluster`). */
  extra?: object;
  /** The source plugin entry instead of the simulator (e.g. hikvision against the emulator). */
  source?: object;
  /** Extra environment for the pusher process. */
  env?: Record<string, string>;
}

export interface Pusher {
  readonly pid: number;
  readonly url: string;
  post(p: string, body: unknown): Promise<{ ms: number; body: any }>;
  get(p: string): Promise<any>;
  metrics(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const SINK_MODULES: Record<SinkName, { module: string; options?: object }> = {
  'native-flv-sink': { module: path.join(REPO_ROOT, 'plugins/native-flv-sink'), options: { audio: 'drop' } },
  // video copy, no audio: the clips carry none, and it keeps the comparison to what both sinks do
  'ffmpeg-sink': { module: path.join(REPO_ROOT, 'plugins/ffmpeg-sink'), options: { audio: 'none', ffmpegPath: '/usr/bin/ffmpeg' } },
  'fake-sink': { module: path.join(REPO_ROOT, 'test/fixtures/plugins/fake-sink') },
};

export async function startPusher(o: PusherOptions): Promise<Pusher> {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const port = await freePort();
  const media = { video: o.clip, frameRate: 25 };
  const config = {
    api: { host: '127.0.0.1', port },
    rtmp: { publishUrl: o.publishBase, embedded: false },
    sink: o.sink,
    heartbeat: { timeoutMs: 3_600_000, sweepMs: 1000 },
    stream: { maxStreams: o.maxStreams ?? 2000, firstFrameTimeoutMs: 30_000 },
    log: { level: 'warn' },
    plugins: [
      // every channel plays the bench clip (liveRequest numbers channels from 100: the simulator keeps its own
      // media for channels 2 (G.711) and 3 (H.265) whatever `channels` says)
      o.source ?? { module: path.join(REPO_ROOT, 'plugins/simulator'), options: { defaultChannel: media } },
      { ...SINK_MODULES[o.sink], options: { ...SINK_MODULES[o.sink].options, ...o.sinkOptions } },
    ],
    ...o.extra,
  };
  const file = path.join(WORK_DIR, `pusher-${o.label}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  const logFd = fs.openSync(path.join(WORK_DIR, `pusher-${o.label}.log`), 'w');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...(o.nodeFlags ?? []), 'core/main.ts', '--config', file], {
    cwd: REPO_ROOT,
    // the pusher's log (JSON lines, level from the config) kept beside its config: a crash leaves its reason there
    stdio: ['ignore', logFd, 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', ...o.env },
  });
  fs.closeSync(logFd); // the child holds its own copy
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`  pusher ${o.label} exited by itself: code ${code}, signal ${signal} (log: bench/.work/pusher-${o.label}.log)\n`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pusher exited with ${child.exitCode} at startup (config ${file})`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { await stopChild(child); throw new Error('pusher did not become ready in 30 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    url,
    async post(p, body) {
      const t0 = performance.now();
      // a saturated pusher may not answer: bounded, so a run always ends
      const r = await fetch(url + p, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(60_000) });
      const json = await r.json();
      return { ms: performance.now() - t0, body: json };
    },
    async get(p) {
      return (await fetch(url + p)).json();
    },
    async metrics() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const out: Record<string, number> = {};
      for (const line of text.split('\n')) {
        if (!line || line.startsWith('#')) continue;
        const i = line.lastIndexOf(' ');
        const name = line.slice(0, i);
        out[name] = (out[name] ?? 0) + Number(line.slice(i + 1));
      }
      return out;
    },
    stop: () => { stopping = true; return stopChild(child, 15_000); },
  };
}

/** A live request for the `i`-th simulator channel (one upstream per channel), channel numbers from 100. */
export function liveRequest(i: number, addr = '10.99.0.1') {
  return { nvr_category: 99, nvr_addr: addr, nvr_port: 8000, nvr_user: 'bench', nvr_pwd: 'bench', nvr_channel: 100 + i };
}

/** The stream key of an rtmp_url. */
export const streamKey = (rtmpUrl: string) => rtmpUrl.slice(rtmpUrl.lastIndexOf('/') + 1);

/** Runs `task(i)` for i in [0, n) with at most `concurrency` at once. */
export async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await task(i);
    }
  }));
  return out;
}
