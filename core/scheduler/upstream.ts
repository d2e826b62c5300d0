import {
  PusherError, analyseFailed, liveFailed, playbackFailed,
  type FormatLookup, type Logger, type MediaOutput, type PublishTarget, type SourceSession, type StreamSink, type SinkSession,
} from '@nvr-pusher/core/contracts';
import { MediaPipeline } from './media-pipeline.js';
import type { LoginLease } from './login-pool.js';
import { monotonicNow } from './clock.js';
import { nextStep, type UpstreamAction, type UpstreamEvent, type UpstreamState, type UpstreamView } from './upstream-lifecycle.js';

export type { UpstreamState } from './upstream-lifecycle.js';

export interface UpstreamOptions {
  firstFrameTimeoutMs: number;
  restartMaxAttempts: number;
  restartDelayMs: number;
  restartMaxDelayMs: number;
  gopCacheMaxBytes: number;
  /** A running stream with no data from the source for this long is restarted (live) or ended (playback). */
  silenceTimeoutMs: number;
  /** Live source restarts (after a failure or silence) before the stream is given up. */
  sourceRestartMaxAttempts: number;
}

/** How the upstream gets its login and opens its source session; provided by the scheduler per request kind. */
export interface SourceOpener {
  acquireLogin(signal: AbortSignal): Promise<LoginLease>;
  open(lease: LoginLease, out: MediaOutput, signal: AbortSignal): Promise<SourceSession>;
  /** Drops `lease`'s login from the pool (it may be dead: NVR rebooted) and logs in anew. */
  relogin(lease: LoginLease, signal: AbortSignal): Promise<LoginLease>;
}

/** Optional hooks of an upstream (the play check and event counters). */
export interface UpstreamHooks {
  /** Proves the published stream readable from the play side (see core/play-check); rejects when it is not. */
  verifyPlayable?: (streamKey: string, signal: AbortSignal) => Promise<'playable' | 'unreachable'>;
  /** A re-publish succeeded (counted at the event). */
  onRepublished?: () => void;
  /** A play check failed (counted at the event). */
  onPlayCheckFailed?: () => void;
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(onTimeout()), ms);
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(t);
      signal.removeEventListener('abort', abort);
    });
  });
}

/** Closes a plugin object without letting a synchronous throw or a rejection escape. */
async function closeQuietly(target: { close(): Promise<void> } | undefined, onError: (e: unknown) => void): Promise<void> {
  if (!target) return;
  try {
    await target.close();
  } catch (e) {
    onError(e);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });

export { monotonicNow } from './clock.js';

/**
 * One NVR stream published under one stream key: login lease + source session + pipeline + sink session.
 * Started once; answers `ready` when the first key frame is on the wire or with the failing step's error. When
 * the RTMP side drops after that, it re-publishes on the same key with back-off; a live source that fails or goes
 * silent is reopened; both may happen at once. Every state change goes through the table in
 * upstream-lifecycle.ts. When it gives up it stops and tells its owner through `onTerminated`.
 */
export class Upstream {
  private current: UpstreamState = 'starting';
  private stateSince: number;
  private readonly createdAt: number;
  readonly ready: Promise<void>;
  private readonly ac = new AbortController();
  private readonly pipeline: MediaPipeline;
  private lease?: LoginLease;
  private source?: SourceSession;
  private sinkSession?: SinkSession;
  private stopping?: Promise<void>;
  /** Set when the source ended or failed before `ready`. */
  private sourceError?: (e: PusherError) => void;
  republishCount = 0;
  sourceRestartCount = 0;
  private keyFramesAtRestart = -1;
  private flapAttempts = 0;
  /** Consecutive failed play checks (bounded like re-publish attempts). */
  private playCheckFailures = 0;
  playCheckFailCount = 0;

  constructor(
    readonly target: PublishTarget,
    private readonly opener: SourceOpener,
    private readonly sink: StreamSink,
    formats: FormatLookup,
    private readonly opts: UpstreamOptions,
    private readonly logger: Logger,
    private readonly onTerminated: (reason: string, error?: PusherError) => void,
    private readonly now: () => number = monotonicNow,
    private readonly hooks: UpstreamHooks = {},
  ) {
    this.createdAt = this.stateSince = now();
    this.pipeline = new MediaPipeline(formats, logger, {
      onEnd: () => this.terminate('end of recording'),
      onFail: (e) => this.sourceFailed(e),
    }, opts.gopCacheMaxBytes, now);
    this.ready = this.start();
    this.ready.catch(() => undefined);
  }

  get state(): UpstreamState {
    return this.current;
  }

  /** Read-only state and counters (consoles, metrics). */
  get view(): UpstreamView {
    return { state: this.current, stateSince: this.stateSince, createdAt: this.createdAt, republishCount: this.republishCount, sourceRestartCount: this.sourceRestartCount };
  }

  /** Applies the lifecycle table: moves to the event's state and returns what to do. */
  private fire(event: UpstreamEvent): UpstreamAction {
    const step = nextStep(this.current, event);
    if (step.to !== this.current) {
      this.current = step.to;
      this.stateSince = this.now();
    }
    return step.action;
  }

  /** The source session (for seek), once open. */
  get sourceSession(): SourceSession | undefined {
    return this.source;
  }

  /** The NVR login this stream uses (for PTZ). */
  get login() {
    return this.lease?.login;
  }

  /** Codecs, bit rate and frame rate arriving from the source now. */
  get media() {
    return this.pipeline.media();
  }

  get stats() {
    return { ...this.pipeline.stats, republishCount: this.republishCount, sourceRestartCount: this.sourceRestartCount, playCheckFailCount: this.playCheckFailCount, sink: this.sinkSession?.stats?.() };
  }

  private async start(): Promise<void> {
    const signal = this.ac.signal;
    const sourceFailed = new Promise<never>((_, reject) => {
      this.sourceError = reject;
    });
    sourceFailed.catch(() => undefined);
    try {
      this.openSink();
      this.lease = await Promise.race([this.opener.acquireLogin(signal), sourceFailed]);
      signal.throwIfAborted();
      this.source = await Promise.race([this.opener.open(this.lease, this.pipeline, signal), sourceFailed]);
      signal.throwIfAborted();
      const published = Promise.race([this.sinkSession!.published, sourceFailed]);
      await withTimeout(published, this.opts.firstFrameTimeoutMs, () => this.noKeyFrame(), signal);
      this.fire('published');
      this.sourceError = undefined;
      this.logger.info({ url: this.target.url }, 'stream published');
      this.checkPlayable();
    } catch (e) {
      const err = e instanceof PusherError ? e : new PusherError(603, `stream start failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
      await this.release();
      throw err;
    }
  }

  private noKeyFrame(): PusherError {
    const s = this.pipeline.stats;
    const got = s.bytesIn === 0 ? 'no data arrived from the NVR' : `${s.bytesIn} bytes and ${s.keyFramesIn} key frames arrived from the NVR`;
    return analyseFailed(`no video key frame published within ${this.opts.firstFrameTimeoutMs} ms (${got})`);
  }

  private openSink(): void {
    const session = this.sink.open(this.target);
    session.published.catch(() => undefined);
    this.sinkSession = session;
    this.pipeline.attach(session);
    session.failed.then((e) => {
      if (this.sinkSession !== session) return; // an old session's late failure
      if (this.fire('sink-failed') === 'republish') void this.republish(e);
    }, () => undefined);
  }

  /** The RTMP side dropped: new sessions on the same key with back-off until one publishes or the limit is hit. */
  private async republish(cause: PusherError): Promise<void> {
    this.pipeline.detach();
    const old = this.sinkSession;
    void closeQuietly(old, (e) => this.closeFailed('sink', e));
    this.logger.warn({ err: cause }, 'RTMP publication dropped; re-publishing on the same key');
    let attempt = 0;
    while (!this.ac.signal.aborted) {
      attempt++;
      const max = this.opts.restartMaxAttempts;
      if (max > 0 && attempt > max) {
        this.terminate(`re-publish failed ${max} times`, cause);
        return;
      }
      await sleep(Math.min(this.opts.restartDelayMs * 2 ** (attempt - 1), this.opts.restartMaxDelayMs), this.ac.signal);
      if (this.ac.signal.aborted) return;
      this.openSink();
      try {
        await withTimeout(this.sinkSession!.published, this.opts.firstFrameTimeoutMs, () => this.noKeyFrame(), this.ac.signal);
        this.republishCount++;
        this.hooks.onRepublished?.();
        this.fire('published');
        this.logger.info({ attempt }, 'stream re-published');
        this.checkPlayable();
        return;
      } catch (e) {
        if (this.ac.signal.aborted) return;
        cause = e instanceof PusherError ? e : cause;
        this.logger.warn({ attempt, err: e }, 're-publish attempt failed');
        this.pipeline.detach();
        void closeQuietly(this.sinkSession, (e) => this.closeFailed('sink', e));
      }
    }
  }

  /**
   * Play check hook: reads the stream back from the play side in the background (the API answer does not wait).
   * No video within the bound → the publication is treated as dropped: re-published on the same key with a new
   * connection. Consecutive failures count against restartMaxAttempts like failed re-publishes.
   */
  private checkPlayable(): void {
    const verify = this.hooks.verifyPlayable;
    const session = this.sinkSession;
    if (!verify || !session) return;
    verify(this.target.streamKey, this.ac.signal).then(
      (result) => {
        if (result === 'playable') this.playCheckFailures = 0;
        else this.logger.debug('play check: the play side is unreachable from here; not judged');
      },
      (e: unknown) => {
        // judged only while running: during a source recovery no video flows, whatever the play side
        if (this.ac.signal.aborted || this.sinkSession !== session || this.current !== 'running') return;
        this.playCheckFailCount++;
        this.playCheckFailures++;
        this.hooks.onPlayCheckFailed?.();
        const message = `published but not playable: ${(e as Error)?.message ?? String(e)}`;
        const max = this.opts.restartMaxAttempts;
        if (max > 0 && this.playCheckFailures > max) {
          this.terminate(`play check failed ${max} times`, new PusherError(602, message, { step: 'play check' }));
          return;
        }
        // the table's sink failure: the publication is as good as dropped
        if (this.fire('sink-failed') === 'republish') void this.republish(new PusherError(602, message, { step: 'play check' }));
      },
    );
  }

  private sourceFailed(error: PusherError, reason = `source failed: ${error.message}`): void {
    if (this.target.kind === 'playback' && this.current !== 'starting') {
      this.terminate(reason, error); // a playback ends with its source
      return;
    }
    const action = this.fire('source-failed');
    if (action === 'fail-start') this.sourceError?.(error);
    else if (action === 'recover-source') void this.recoverSource(reason, error);
  }

  /** Called by the scheduler's sweep: detects a source that went silent without reporting an error. */
  checkSilence(now = this.now()): void {
    // Only where a source failure would start a recovery (running, republishing): not while one is under way.
    if (nextStep(this.current, 'source-failed').action !== 'recover-source' || this.current === 'starting') return;
    const last = this.pipeline.stats.lastDataAt;
    if (!last || now - last < this.opts.silenceTimeoutMs) return;
    const error = (this.target.kind === 'live' ? liveFailed : playbackFailed)({ vendor: 'core', text: `no data from the NVR for ${this.opts.silenceTimeoutMs} ms` });
    this.sourceFailed(error, 'source silent');
  }

  /**
   * Live source failed or went silent: close its session and open a new one on the same pipeline (the published
   * stream and its rtmp_url stay), logging in anew from the second attempt (the NVR may have rebooted).
   */
  private async recoverSource(reason: string, cause: PusherError): Promise<void> {
    // A source that fails again before delivering a key frame counts against the same budget (no endless flapping).
    const keyFrames = this.pipeline.stats.keyFramesIn;
    const flapping = keyFrames === this.keyFramesAtRestart;
    this.keyFramesAtRestart = keyFrames;
    const start = flapping ? this.flapAttempts + 1 : 1;
    this.logger.warn({ reason }, 'restarting the NVR session');
    const signal = this.ac.signal;
    for (let attempt = start; attempt <= this.opts.sourceRestartMaxAttempts; attempt++) {
      this.flapAttempts = attempt;
      const old = this.source;
      this.source = undefined;
      await closeQuietly(old, (e) => this.closeFailed('source', e));
      await sleep(Math.min(this.opts.restartDelayMs * 2 ** (attempt - 1), this.opts.restartMaxDelayMs), signal);
      if (signal.aborted) return;
      try {
        if (attempt > 1 && this.lease) {
          this.lease = await this.opener.relogin(this.lease, signal);
          this.fire('relogin');
        }
        this.pipeline.resume();
        this.source = await this.opener.open(this.lease!, this.pipeline, signal);
        if (signal.aborted) return;
        this.pipeline.discontinuity('NVR session restarted');
        this.sourceRestartCount++;
        this.fire('source-restarted');
        this.logger.info({ attempt }, 'NVR session restarted');
        return;
      } catch (e) {
        if (signal.aborted) return;
        cause = e instanceof PusherError ? e : cause;
        this.logger.warn({ attempt, err: e }, 'NVR session restart failed');
      }
    }
    this.terminate(`NVR session could not be restarted (${this.opts.sourceRestartMaxAttempts} attempts)`, cause);
  }

  private terminate(reason: string, error?: PusherError): void {
    if (this.current === 'starting') {
      this.sourceError?.(error ?? playbackFailed({ vendor: 'core', text: `${reason} before any video was published` }));
      return;
    }
    if (this.stopping) return;
    if (error) this.logger.warn({ err: error }, `stream stops: ${reason}`);
    else this.logger.info(`stream stops: ${reason}`);
    void this.stop();
    this.onTerminated(reason, error);
  }

  /** Stops everything and releases the login lease. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ac.abort(new PusherError(600, 'stream stopped'));
      await this.ready.catch(() => undefined);
      await this.release();
    })();
    return this.stopping;
  }

  private closeFailed(what: 'source' | 'sink', e: unknown): void {
    this.logger.warn({ err: (e as Error)?.message ?? String(e) }, `${what} close failed`);
  }

  /** The last handle missed its heartbeats: stops like `stop()` (the table's `heartbeat-expired` event). */
  expire(): Promise<void> {
    this.endEvent = 'heartbeat-expired';
    return this.stop();
  }

  private endEvent: UpstreamEvent = 'stop';

  private async release(): Promise<void> {
    this.fire(this.endEvent);
    this.pipeline.close();
    const source = this.source;
    const sink = this.sinkSession;
    this.source = undefined;
    this.sinkSession = undefined;
    await closeQuietly(source, (e) => this.closeFailed('source', e));
    await closeQuietly(sink, (e) => this.closeFailed('sink', e));
    this.lease?.release();
    this.lease = undefined;
  }
}
