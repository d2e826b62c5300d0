/**
 * A playback by time (`NET_DVR_PlayBackByTime_V40`): seek with PLAYSETTIME, end detected from the data type
 * (PLAYBACK_ALLFILEEND) or the position (100 = done, above 100 = abnormal end, vendor notes §3.2).
 */
import { playbackFailed, playControlFailed, type Logger, type MediaOutput, type SeekableSession, type WallTime } from '@nvr-pusher/core/contracts';
import { DataType, type HikSdk } from './sdk/index.js';
import { StreamSession } from './stream-session.js';
import { VENDOR, vendorFailure } from './vendor-failure.js';

export class PlaybackSession extends StreamSession implements SeekableSession {
  private ended = false;
  private polling = false;
  private poll: NodeJS.Timeout | undefined;

  constructor(private readonly sdk: HikSdk, userId: number, readonly channel: number, out: MediaOutput, log: Logger, dumpDir: string) {
    super(userId, out, log, dumpDir, `playback-ch${channel}`);
  }

  /** Starts watching the position (after the handle is known). */
  watch(intervalMs: number): void {
    this.poll = setInterval(() => void this.checkPosition(), intervalMs);
    this.poll.unref();
  }

  private async checkPosition(): Promise<void> {
    if (this.closed || this.ended || this.failed || this.polling) return;
    let pos: number;
    this.polling = true;
    try {
      pos = await this.sdk.playbackPosition(this.handle);
    } catch (e) {
      this.log.debug({ err: e }, 'playback position not available');
      return;
    } finally {
      this.polling = false;
    }
    if (this.closed || this.ended || this.failed) return;
    if (pos === 100) this.finish();
    else if (pos > 100) {
      this.stopWatching();
      this.fail(playbackFailed({ vendor: VENDOR, text: `playback ended abnormally (position ${pos}: network error)` }));
    }
  }

  protected override onOtherData(dataType: number): void {
    if (dataType === DataType.PLAYBACK_ALLFILEEND) this.finish();
    // The header asks to wait for NEW_POS after PLAYSETTIME: the data from here on is the new position.
    else if (dataType === DataType.PLAYBACK_NEW_POS) this.out.discontinuity('playback repositioned');
  }

  private finish(): void {
    if (this.ended || this.closed || this.failed) return;
    this.ended = true;
    this.stopWatching();
    this.out.end();
  }

  private stopWatching(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  async seek(time: WallTime): Promise<void> {
    try {
      await this.sdk.seekPlayback(this.handle, time);
    } catch (e) {
      throw playControlFailed(vendorFailure(e, this.log, 'seek'));
    }
    this.out.discontinuity('seek');
  }

  protected stop(): Promise<void> {
    return this.sdk.stopPlayback(this.handle);
  }

  override async close(): Promise<void> {
    this.stopWatching();
    await super.close();
  }
}
