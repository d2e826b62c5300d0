/** A live stream (`NET_DVR_RealPlay_V40`). */
import type { Logger, MediaOutput } from '@nvr-pusher/core/contracts';
import type { HikSdk } from './sdk/index.js';
import { StreamSession } from './stream-session.js';

export class LiveSession extends StreamSession {
  constructor(private readonly sdk: HikSdk, userId: number, readonly channel: number, out: MediaOutput, log: Logger, dumpDir: string) {
    super(userId, out, log, dumpDir, `live-ch${channel}`);
  }

  protected stop(): Promise<void> {
    return this.sdk.stopLive(this.handle);
  }
}
