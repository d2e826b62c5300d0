import type { FastifyInstance } from 'fastify';
import { badParameter, formatWallTime, parseWallTime, type NvrCredentials, type WallTime } from '@nvr-pusher/core/contracts';
import type { TaskScheduler } from '../../scheduler/task-scheduler.js';
import { backStreamBody, playbackStarted, realStreamBody, streamStarted } from '../schemas.js';

interface NvrBody {
  nvr_category: number;
  nvr_addr: string;
  nvr_port: number;
  nvr_user: string;
  nvr_pwd: string;
  nvr_channel: number;
}

export interface StartRoutesDeps {
  scheduler: TaskScheduler;
  registerSecret(secret: string): void;
  maxRangeHours: number;
}

function credentials(b: NvrBody, deps: StartRoutesDeps): NvrCredentials {
  deps.registerSecret(b.nvr_pwd);
  return { category: b.nvr_category, addr: b.nvr_addr, port: b.nvr_port, user: b.nvr_user, password: b.nvr_pwd };
}

function wallTime(field: string, text: string): WallTime {
  const t = parseWallTime(text);
  if (t === undefined) throw badParameter(field, `"${text}" is not a real time as YYYY-MM-DD HH:mm:ss`);
  return t;
}

/** POST /REAL_STREAM and POST /BACK_STREAM. */
export function startStreamRoutes(app: FastifyInstance, deps: StartRoutesDeps): void {
  app.post<{ Body: NvrBody }>('/REAL_STREAM', {
    schema: { summary: 'Start (or share) a live stream', body: realStreamBody, response: { 200: streamStarted } },
  }, async (req) => {
    const started = await deps.scheduler.startLive({ credentials: credentials(req.body, deps), channel: req.body.nvr_channel });
    return { status_code: 200, status_message: 'OK', rtmp_url: started.rtmpUrl, play_handle: started.handle };
  });

  app.post<{ Body: NvrBody & { startTime: string; endTime: string } }>('/BACK_STREAM', {
    schema: { summary: 'Start a playback stream of recordings', body: backStreamBody, response: { 200: playbackStarted } },
  }, async (req) => {
    const b = req.body;
    const start = wallTime('startTime', b.startTime);
    const end = wallTime('endTime', b.endTime);
    if (end <= start) throw badParameter('endTime', 'must be later than startTime');
    if (end - start > deps.maxRangeHours * 3_600_000) throw badParameter('endTime', `the range may span at most ${deps.maxRangeHours} hours (playback.maxRangeHours)`);
    const p = await deps.scheduler.startPlayback({ credentials: credentials(b, deps), channel: b.nvr_channel, start, end });
    return {
      status_code: 200,
      status_message: 'OK',
      rtmp_url: p.rtmpUrl,
      play_handle: p.handle,
      start_time: formatWallTime(p.start),
      stop_time: formatWallTime(p.stop),
      record_files: p.records.map((f) => ({
        file_name: f.fileName, file_size: f.fileSize, start_time: formatWallTime(f.start), stop_time: formatWallTime(f.stop),
      })),
    };
  });
}
