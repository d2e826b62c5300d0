import { rtmpFailed, type MediaFrame, type PusherError, type PublishTarget, type SinkSession, type StreamSink } from '@nvr-pusher/core/contracts';

/** A sink session that records what it got (mediamtx's StaticSourceParent idea). */
export class FakeSinkSession implements SinkSession {
  readonly frames: MediaFrame[] = [];
  discontinuities = 0;
  closed = false;
  readonly published: Promise<void>;
  readonly failed: Promise<PusherError>;
  private resolvePublished!: () => void;
  private rejectPublished!: (e: PusherError) => void;
  private resolveFailed!: (e: PusherError) => void;
  private isPublished = false;

  constructor(readonly target: PublishTarget, failStep?: string) {
    this.published = new Promise((res, rej) => { this.resolvePublished = res; this.rejectPublished = rej; });
    this.failed = new Promise((res) => { this.resolveFailed = res; });
    if (failStep) queueMicrotask(() => this.rejectPublished(rtmpFailed(failStep, 'refused by the fake server')));
  }

  writeFrame(frame: MediaFrame): void {
    if (this.closed) return;
    if (!this.isPublished && !(frame.key && frame.track.kind === 'video')) return;
    this.frames.push(frame);
    if (!this.isPublished) {
      this.isPublished = true;
      this.resolvePublished();
    }
  }

  discontinuity(): void {
    this.discontinuities++;
  }

  /** Simulates the server dropping the publication. */
  drop(): void {
    this.resolveFailed(rtmpFailed('publish', 'connection closed by the fake server'));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A StreamSink that keeps its sessions for inspection. */
export class FakeSink implements StreamSink {
  readonly sessions: FakeSinkSession[] = [];
  failStep?: string;

  open(target: PublishTarget): FakeSinkSession {
    const s = new FakeSinkSession(target, this.failStep);
    this.sessions.push(s);
    return s;
  }

  get open_(): FakeSinkSession[] {
    return this.sessions.filter((s) => !s.closed);
  }
}
