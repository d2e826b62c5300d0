/**
 * Scale: N concurrent live streams from the simulator through one sink into node-media-server (own process).
 * Per run: open N upstreams over the API, warm up, then measure a window: CPU (user+sys) and RSS of the pusher
 * and its children from /proc, node-media-server's CPU apart, frames at the server for sampled viewers
 * (HTTP-FLV), frames the sink dropped (/metrics).
 */
import { benchClip } from './lib/media.js';
import { startServer, type ServerName } from './lib/srs.js';
import { cpuBetween, hostBusyBetween, loadAverage, rssKb, sampleTree } from './lib/proc-stats.js';
import { liveRequest, pool, startPusher, streamKey, type PusherOptions, type SinkName } from './lib/pusher.js';
import { benchHikMedia, buildBenchEmulator, hikLiveRequest, writeEmuConfig } from './lib/hik-emu.js';
import { REPO_ROOT } from './lib/paths.js';
import path from 'node:path';
import { openFlvViewer, viewerReport, type FlvViewer } from './lib/flv-reader.js';
import { killLeftovers, sleep } from './lib/run-env.js';
import { median, percentile } from './lib/stats.js';

export interface ScaleParams {
  sink: SinkName;
  streams: number;
  mbps: number;
  windowS: number;
  warmupS: number;
  viewers: number;
  nodeFlags?: string[];
  label: string;
  /** The RTMP server, in its own process (SRS when ../shared has it, else node-media-server). */
  server?: ServerName;
  /** `hik-emulator`: the hikvision plugin against the HCNetSDK emulator (koffi callbacks); default the simulator. */
  source?: 'simulator' | 'hik-emulator';
}

export interface ScaleResult {
  params: ScaleParams;
  opened: number;
  failed: number;
  openMsMedian: number;
  openWallS: number;
  /** percent of one core, pusher + children, whole tree */
  cpuTotal: number;
  cpuPusher: number;
  cpuChildren: number;
  /** The RTMP server's CPU (SRS or node-media-server), percent of one core. */
  cpuNms: number;
  server: ServerName;
  /** Page faults of the pusher process during the window (minor/major), per second. */
  minFaultsPerS: number;
  majFaultsPerS: number;
  /** The whole machine's CPU busy during the window, percent of all cores; and the 1-min load average. */
  hostBusyPct: number;
  load1: number;
  /** Warm-up added until the pusher's minor-fault rate settled, s; and that rate when the window began. */
  extraWarmupS: number;
  faultsAtWarmupEndPerS: number;
  /** MB: RSS of pusher + children at the end of the window, and the pusher's RSS before any stream */
  rssTotalMb: number;
  rssIdleMb: number;
  children: number;
  /** per stream: CPU % of a core, marginal RSS MB */
  cpuPerStream: number;
  rssPerStreamMb: number;
  viewerFrames: number;
  viewerExpected: number;
  viewerLost: number;
  latenessP50: number;
  latenessP99: number;
  sinkDropped: number;
  keptUp: boolean;
}

/**
 * Samples the pusher's minor page faults per second (1 s steps) until two consecutive rates differ by < 25 % or
 * fall under 100/s, at most `maxMs`.
 */
async function settleFaults(pid: number, maxMs: number): Promise<{ waitedS: number; lastRate: number }> {
  const t0 = performance.now();
  let prev = sampleTree(pid);
  let prevRate = Infinity;
  for (;;) {
    await sleep(1000);
    const cur = sampleTree(pid);
    const rate = (cur.minflt - prev.minflt) / ((cur.at - prev.at) / 1000);
    prev = cur;
    const waited = performance.now() - t0;
    if (rate < 100 || Math.abs(rate - prevRate) < 0.25 * prevRate || waited > maxMs) return { waitedS: waited / 1000, lastRate: rate };
    prevRate = rate;
  }
}

/** The pusher's source: the simulator (default) or the hikvision plugin on the emulator (1024 sessions). */
function sourceOptions(p: ScaleParams): Partial<PusherOptions> {
  if (p.source !== 'hik-emulator') return {};
  const dir = buildBenchEmulator();
  const media = benchHikMedia(p.mbps);
  return {
    source: { module: path.join(REPO_ROOT, 'plugins/hikvision'), options: { sdkPath: dir } },
    // the emulator reads its script at NET_DVR_Init (the pusher process has no other way to call EMU_LoadConfig)
    env: { EMU_CONFIG: writeEmuConfig(p.streams, media.file) },
  };
}

export async function scaleRun(p: ScaleParams): Promise<ScaleResult> {
  const clip = benchClip(p.mbps);
  const nms = await startServer(p.server);
  let pusher: Awaited<ReturnType<typeof startPusher>>;
  try {
    pusher = await startPusher({ sink: p.sink, clip: clip.file, publishBase: nms.publishBase, nodeFlags: p.nodeFlags, label: p.label, ...sourceOptions(p) });
  } catch (e) {
    await nms.stop();
    throw e;
  }
  const viewers: FlvViewer[] = [];
  const seenChildren = new Set<number>();
  try {
    await sleep(1000);
    const rssIdleKb = rssKb(pusher.pid);
    const t0 = performance.now();
    // opening is bounded (2 min): past it the run counts the rest as failed instead of waiting on a saturated pusher
    const openDeadline = t0 + 120_000;
    const answers = await pool(p.streams, 8, (i) => performance.now() > openDeadline
      ? Promise.resolve({ ms: NaN, body: { status_code: -1, status_message: 'not opened: opening took over 2 min' } })
      : pusher.post('/REAL_STREAM', p.source === 'hik-emulator' ? hikLiveRequest(i + 1) : liveRequest(i + 1)).catch((e: Error) => ({ ms: NaN, body: { status_code: -1, status_message: e.message } })));
    const openWallS = (performance.now() - t0) / 1000;
    const ok = answers.filter((a) => a.body.status_code === 200);
    const failed = answers.length - ok.length;
    if (failed) process.stderr.write(`  ${failed} REAL_STREAM failed, e.g. ${JSON.stringify(answers.find((a) => a.body.status_code !== 200)?.body)}\n`);
    // sampled viewers spread over the opened streams
    const k = Math.min(p.viewers, ok.length);
    for (let j = 0; j < k; j++) viewers.push(openFlvViewer(nms.httpFlvUrl(streamKey(ok[Math.floor((j * ok.length) / k)]!.body.rtmp_url))));
    await sleep(p.warmupS * 1000);
    // Steady state before measuring: this VM returns freed memory to the host (virtio-balloon free page
    // reporting), so a run after one that freed gigabytes (100 ffmpeg processes) first-touches pages the host must
    // fault in again, counted as the pusher's CPU. Wait (up to 30 s) until its page-fault rate has settled.
    const settle = await settleFaults(pusher.pid, 30_000);
    const m0 = await pusher.metrics();
    const a = sampleTree(pusher.pid);
    const na = sampleTree(nms.pid);
    const from = performance.now();
    await sleep(p.windowS * 1000);
    const to = performance.now();
    const b = sampleTree(pusher.pid);
    const nb = sampleTree(nms.pid);
    for (const pid of b.ticks.keys()) if (pid !== pusher.pid) seenChildren.add(pid);
    const cpu = cpuBetween(a, b);
    const m = await pusher.metrics();
    const reports = viewers.map((v) => viewerReport(v, from, to));
    const lateness = reports.flatMap((r) => r.lateness);
    const viewerFrames = reports.reduce((s, r) => s + r.frames, 0);
    const viewerLost = reports.reduce((s, r) => s + r.lost, 0);
    const viewerExpected = Math.round(reports.length * p.windowS * 25);
    const n = Math.max(1, ok.length);
    const rssTotalMb = (b.rssRootKb + b.rssChildrenKb) / 1024;
    // during the window only (the native sink also counts the frames before the first key frame as dropped)
    const sinkDropped = (m['nvr_pusher_sink_dropped_frames'] ?? 0) - (m0['nvr_pusher_sink_dropped_frames'] ?? 0);
    const latenessP99 = percentile(lateness, 99);
    return {
      params: p,
      opened: ok.length,
      failed,
      openMsMedian: median(ok.map((x) => x.ms)),
      openWallS,
      cpuTotal: cpu.total,
      cpuPusher: cpu.root,
      cpuChildren: cpu.children,
      cpuNms: cpuBetween(na, nb).total,
      server: nms.name,
      minFaultsPerS: (b.minflt - a.minflt) / ((to - from) / 1000),
      majFaultsPerS: (b.majflt - a.majflt) / ((to - from) / 1000),
      hostBusyPct: hostBusyBetween(a, b),
      extraWarmupS: settle.waitedS,
      faultsAtWarmupEndPerS: settle.lastRate,
      load1: loadAverage(),
      rssTotalMb,
      rssIdleMb: rssIdleKb / 1024,
      children: b.children,
      cpuPerStream: cpu.total / n,
      rssPerStreamMb: (b.rssRootKb + b.rssChildrenKb - rssIdleKb) / 1024 / n,
      viewerFrames,
      viewerExpected,
      viewerLost,
      latenessP50: percentile(lateness, 50),
      latenessP99,
      sinkDropped,
      // kept up: every stream opened, nothing dropped or lost, viewers got ≥ 98 % of the frames, no drift > 1 s
      keptUp: failed === 0 && sinkDropped === 0 && viewerLost === 0 && viewerFrames >= viewerExpected * 0.98 && latenessP99 < 1000,
    };
  } finally {
    for (const v of viewers) v.close();
    const last = sampleTree(pusher.pid);
    for (const pid of last.ticks.keys()) if (pid !== pusher.pid) seenChildren.add(pid);
    await pusher.stop();
    await sleep(200);
    const killed = killLeftovers(seenChildren);
    if (killed) process.stderr.write(`  killed ${killed} ffmpeg left behind by the pusher\n`);
    await nms.stop();
  }
}
