import { PusherError, StatusCode, type FailureCode } from '@nvr-pusher/core/contracts';

/**
 * The answer when a request needs the cluster state and Redis does not answer within cluster.commandTimeoutMs
 * (or is disconnected). The code is the one the endpoint uses for "could not be done" (docs/scaling.md).
 */
export function redisTrouble(code: number, cause: unknown): PusherError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new PusherError(code as FailureCode, `cluster state unavailable (Redis: ${why}); streams already running keep running, retry shortly`);
}

/** Per endpoint, the code of a request that could not be placed or forwarded. */
export const CLUSTER_FAILURE_CODE: Record<string, number> = {
  '/REAL_STREAM': StatusCode.ERR_PLAY_REAL,
  '/BACK_STREAM': StatusCode.ERR_PLAY_BACK,
  '/STREAM/:play_handle/POSITION': StatusCode.ERR_PLAY_CONTROL,
  '/STREAM/:play_handle/PTZControl': StatusCode.ERR_PTZ_CONTROL,
  // BEATS and STOP have no failure code of their own: 600 names play_handle (never 605: the stream may be alive).
  '/STREAM/:play_handle/BEATS': StatusCode.ERR_PARAMETER,
  '/STREAM/:play_handle/STOP': StatusCode.ERR_PARAMETER,
};
