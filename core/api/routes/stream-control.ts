import type { FastifyInstance } from 'fastify';
import { badParameter, parseWallTime, type PtzCommandCode } from '@nvr-pusher/core/contracts';
import type { TaskScheduler } from '../../scheduler/task-scheduler.js';
import { handleParams, positionBody, ptzBody, statusOnly } from '../schemas.js';

const OK = { status_code: 200, status_message: 'OK' } as const;
/** Handles are positive integers (at most 15 digits: stays a safe JS integer). */
const HANDLE = /^[1-9]\d{0,14}$/;

function handleOf(params: { play_handle: string }): number {
  if (!HANDLE.test(params.play_handle)) throw badParameter('play_handle', 'must be a positive integer');
  return Number(params.play_handle);
}

type HandleRoute = { Params: { play_handle: string } };
const DEFAULT_PTZ_DURATION_MS = 200;

/** BEATS, POSITION, PTZControl, STOP on /STREAM/{play_handle}/... */
export function streamControlRoutes(app: FastifyInstance, scheduler: TaskScheduler): void {
  app.get<HandleRoute>('/STREAM/:play_handle/BEATS', {
    schema: { summary: 'Keep a stream alive (every 20 s)', params: handleParams, response: { 200: statusOnly } },
  }, async (req) => {
    scheduler.beat(handleOf(req.params));
    return OK;
  });

  app.post<HandleRoute & { Body: { pos_time: string } }>('/STREAM/:play_handle/POSITION', {
    schema: { summary: 'Seek a playback stream', params: handleParams, body: positionBody, response: { 200: statusOnly } },
  }, async (req) => {
    const handle = handleOf(req.params);
    const t = parseWallTime(req.body.pos_time);
    if (t === undefined) throw badParameter('pos_time', `"${req.body.pos_time}" is not a real time as YYYY-MM-DD HH:mm:ss`);
    await scheduler.seek(handle, t);
    return OK;
  });

  app.post<HandleRoute & { Body: { command: number; duration?: number | null } }>('/STREAM/:play_handle/PTZControl', {
    schema: { summary: 'Pan/tilt/zoom for `duration` ms (live only)', params: handleParams, body: ptzBody, response: { 200: statusOnly } },
  }, async (req) => {
    const handle = handleOf(req.params);
    await scheduler.ptzControl(handle, {
      command: req.body.command as PtzCommandCode,
      durationMs: req.body.duration ?? DEFAULT_PTZ_DURATION_MS,
    });
    return OK;
  });

  app.get<HandleRoute>('/STREAM/:play_handle/STOP', {
    schema: { summary: 'Stop a stream and release its handle', params: handleParams, response: { 200: statusOnly } },
  }, async (req) => {
    await scheduler.stop(handleOf(req.params));
    return OK;
  });
}
