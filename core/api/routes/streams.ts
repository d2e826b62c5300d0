import type { FastifyInstance } from 'fastify';
import { formatWallTime } from '@nvr-pusher/core/contracts';
import type { TaskScheduler } from '../../scheduler/task-scheduler.js';
import { httpFlvUrl } from '../../config/http-flv-url.js';
import { streamsReply } from './streams-schema.js';

type Snapshot = ReturnType<TaskScheduler['snapshot']>[number];

const seconds = (ms: number) => Math.max(0, Math.round(ms / 100) / 10);

/** One upstream as GET /api/streams shows it: snake_case, no credentials, times as ages. */
export function streamView(s: Snapshot, now: number, flvBase: string | undefined, node?: string) {
  return {
    stream_key: s.key,
    ...(node ? { node } : {}),
    kind: s.kind,
    state: s.state,
    nvr: { category: s.category, ...s.nvr },
    rtmp_url: s.rtmpUrl,
    http_flv_url: httpFlvUrl(flvBase, s.key),
    handles: s.handles.map((h) => ({ play_handle: h.handle, last_beat_s_ago: seconds(now - h.lastBeatAt) })),
    video: s.video ?? null,
    audio: s.audio ? { codec: s.audio.codec, sample_rate: s.audio.sampleRate, channels: s.audio.channels } : null,
    bitrate_in_kbps: Math.round(s.bitrateIn / 100) / 10,
    fps_in: s.fpsIn,
    bytes_in: s.bytesIn,
    frames_in: s.framesIn,
    frames_dropped: s.sink?.dropped ?? 0,
    republishes: s.republishCount,
    source_restarts: s.sourceRestartCount,
    uptime_s: seconds(now - s.startedAt),
    ...(s.range ? { start_time: formatWallTime(s.range.start), stop_time: formatWallTime(s.range.stop) } : {}),
  };
}

/** GET /api/streams: read-only list of every upstream (console, dashboards). Behind api.token like the API. */
export function streamsRoutes(app: FastifyInstance, scheduler: TaskScheduler, flvBase: string | undefined, node?: string): void {
  app.get('/api/streams', {
    logLevel: 'warn', // polled every 2 s by each open console
    schema: { summary: 'Every stream this pusher carries, with its handles, codecs and rates (read-only)', response: { 200: streamsReply } },
  }, async () => {
    const now = scheduler.clock();
    return { status_code: 200, status_message: 'OK', streams: scheduler.snapshot().map((s) => streamView(s, now, flvBase, node)) };
  });
}
