/**
 * Routes the SDK's process-wide exception callback (vendor notes §6.2) to the sessions it concerns: by stream
 * handle for stream events, by user id (login) for connection events.
 */
import { liveFailed, playbackFailed } from '@nvr-pusher/core/contracts';
import { HikException, type SdkException } from './sdk/index.js';
import type { StreamSession } from './stream-session.js';
import { VENDOR } from './vendor-failure.js';

export class ExceptionRouter {
  readonly live = new Map<number, StreamSession>();
  readonly playback = new Map<number, StreamSession>();

  private liveOfUser(userId: number): StreamSession[] {
    return [...this.live.values()].filter((s) => s.userId === userId);
  }

  handle(e: SdkException): void {
    switch (e.type) {
      case HikException.EXCHANGE:
      case HikException.RELOGIN:
        for (const s of this.liveOfUser(e.userId)) s.setState('reconnecting', 'connection to the NVR lost');
        break;
      case HikException.RESUME_EXCHANGE:
      case HikException.RELOGIN_SUCCESS:
        for (const s of this.liveOfUser(e.userId)) s.setState('resumed', 'connection to the NVR restored');
        break;
      case HikException.PREVIEW:
      case HikException.RECONNECT:
        this.live.get(e.handle)?.setState('reconnecting', 'live stream reconnecting');
        break;
      case HikException.PREVIEW_RECONNECT_SUCCESS:
        this.live.get(e.handle)?.setState('resumed', 'live stream reconnected');
        break;
      case HikException.PREVIEW_RECONNECT_CLOSED:
        this.live.get(e.handle)?.fail(liveFailed({ vendor: VENDOR, text: 'the SDK gave up reconnecting the live stream' }));
        break;
      case HikException.RELOGIN_FAILED:
        for (const s of this.liveOfUser(e.userId)) s.fail(liveFailed({ vendor: VENDOR, text: 'the SDK failed to log in again after losing the NVR' }));
        break;
      case HikException.PLAYBACK:
        this.playback.get(e.handle)?.fail(playbackFailed({ vendor: VENDOR, text: 'playback connection to the NVR lost' }));
        break;
      default:
        break;
    }
  }
}
