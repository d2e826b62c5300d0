/** The Dahua source: NvrSource + PlaybackSource + PtzSource over a DhSdk (koffi binding or a test double). */
import {
  noRecording, type Logger, type MediaOutput, type NvrCredentials, type NvrLogin, type NvrSource, type PlaybackSource,
  type PtzCommandCode, type PtzSource, type RecordFile, type SeekableSession, type SourceSession, type WallTime,
} from '@nvr-pusher/core/contracts';
import { toSdkChannel } from './channel-map.js';
import { asLiveError, asLoginError, asPlaybackError, asPlayControlError, asPtzError } from './error-map.js';
import type { DahuaOptions } from './options.js';
import { dhPtzCall } from './ptz-map.js';
import { RawDump } from './raw-dump.js';
import { DhError, DhSdkError, type DhHandle, type DhSdk } from './sdk/index.js';

export class DahuaLogin implements NvrLogin {
  constructor(readonly id: string, readonly handle: DhHandle, readonly channels: number) {}
}

/** What a running session needs to hear about connection changes. */
interface Watched {
  login: DhHandle;
  out: MediaOutput;
  closed: boolean;
}

type SourceOptions = Pick<DahuaOptions, 'connectTimeoutMs' | 'connectTries' | 'autoReconnect' | 'streamType' | 'channelBase' | 'ptzSpeed' | 'dumpRaw'> &
  Partial<Pick<DahuaOptions, 'sdkThreads'>>;

export class DahuaSource implements NvrSource, PlaybackSource, PtzSource {
  private readonly sessions = new Set<Watched>();
  private initialised = false;
  private loginSeq = 0;

  constructor(
    private readonly sdk: DhSdk,
    private readonly opts: SourceOptions,
    private readonly logger: Logger,
  ) {}

  private starting: Promise<void> | undefined;

  /** CLIENT_Init once (concurrent first logins share it; a failure is retried by the next login). */
  private ensureInit(): Promise<void> {
    if (this.initialised) return Promise.resolve();
    this.starting ??= this.sdk.init(
      {
        disconnected: (h) => this.forLogin(h, (w) => w.out.state('reconnecting', 'Dahua SDK reported the connection lost')),
        reconnected: (h) =>
          this.forLogin(h, (w) => {
            w.out.discontinuity('reconnect');
            w.out.state('resumed', 'Dahua SDK reconnected');
          }),
      },
      { connectTimeoutMs: this.opts.connectTimeoutMs, connectTries: this.opts.connectTries, autoReconnect: this.opts.autoReconnect, threads: this.opts.sdkThreads },
    ).then(() => {
      this.initialised = true;
      this.logger.info({ sdkVersion: this.sdk.version?.toString(16) }, 'Dahua SDK initialised');
    }).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Callbacks the SDK binding holds registered (leak checks). */
  get registeredCallbacks(): number {
    return this.sdk.registeredCallbacks;
  }

  private forLogin(h: DhHandle, fn: (w: Watched) => void): void {
    for (const w of this.sessions) if (w.login === h && !w.closed) fn(w);
  }

  async login(c: NvrCredentials, signal: AbortSignal): Promise<NvrLogin> {
    signal.throwIfAborted();
    try {
      await this.ensureInit();
    } catch (e) {
      throw asLoginError(e);
    }
    let r;
    try {
      r = await this.sdk.login(c.addr, c.port, c.user, c.password);
    } catch (e) {
      throw asLoginError(e);
    }
    const login = new DahuaLogin(`dahua#${++this.loginSeq}@${c.addr}:${c.port}`, r.handle, r.channels);
    if (signal.aborted) {
      await this.logout(login);
      throw signal.reason;
    }
    this.logger.info({ login: login.id, channels: r.channels }, 'Dahua login');
    return login;
  }

  async logout(login: NvrLogin): Promise<void> {
    try {
      await this.sdk.logout((login as DahuaLogin).handle);
    } catch (e) {
      this.logger.warn({ login: login.id, err: e }, 'Dahua logout failed');
    }
  }

  /** Registers a running session; the returned close() stops it once, logging (not throwing) a failed stop. */
  private track(w: Watched, stop: () => Promise<void>, what: string, loginId: string, channel: number, dump?: RawDump): () => Promise<void> {
    this.sessions.add(w);
    return async () => {
      if (w.closed) return;
      w.closed = true;
      this.sessions.delete(w);
      try {
        await stop();
      } catch (e) {
        this.logger.warn({ login: loginId, channel, err: e }, `Dahua stop ${what} failed`);
      }
      await dump?.close();
    };
  }

  async openLive(login: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession> {
    signal.throwIfAborted();
    const l = login as DahuaLogin;
    const ch = toSdkChannel(channel, this.opts.channelBase, l.channels);
    const w: Watched = { login: l.handle, out, closed: false };
    const dump = this.opts.dumpRaw ? new RawDump(this.opts.dumpRaw, `live-${l.id}-ch${channel}`) : undefined;
    let play: DhHandle;
    try {
      play = await this.sdk.startLive(l.handle, ch, this.opts.streamType === 'sub', (bytes) => {
        if (w.closed) return;
        dump?.write(bytes);
        out.writeRaw('dhav', bytes);
      });
    } catch (e) {
      await dump?.close();
      throw asLiveError(e);
    }
    const close = this.track(w, () => this.sdk.stopLive(play), 'live', l.id, channel, dump);
    if (signal.aborted) {
      await close();
      throw signal.reason;
    }
    return { close };
  }

  async findRecords(login: NvrLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]> {
    signal.throwIfAborted();
    const l = login as DahuaLogin;
    const ch = toSdkChannel(channel, this.opts.channelBase, l.channels);
    let records;
    try {
      records = await this.sdk.findRecords(l.handle, ch, start, end);
    } catch (e) {
      // Some firmware answers "nothing" with FALSE + NET_NO_RECORD_FOUND instead of TRUE and a count of 0.
      if (e instanceof DhSdkError && e.code === DhError.NO_RECORD_FOUND) return [];
      throw asPlaybackError(e);
    }
    return records
      .filter((r) => r.stop > start && r.start < end)
      .sort((a, b) => a.start - b.start)
      .map((r) => ({ fileName: r.fileName, fileSize: r.sizeKb * 1024, start: r.start, stop: r.stop }));
  }

  async openPlayback(login: NvrLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession> {
    signal.throwIfAborted();
    const l = login as DahuaLogin;
    const ch = toSdkChannel(channel, this.opts.channelBase, l.channels);
    const w: Watched = { login: l.handle, out, closed: false };
    const dump = this.opts.dumpRaw ? new RawDump(this.opts.dumpRaw, `playback-${l.id}-ch${channel}`) : undefined;
    let play: DhHandle;
    try {
      play = await this.sdk.startPlayback(
        l.handle, ch, start, end,
        (bytes) => {
          if (w.closed) return;
          dump?.write(bytes);
          out.writeRaw('dhav', bytes);
        },
        () => {
          if (!w.closed) out.end();
        },
      );
    } catch (e) {
      await dump?.close();
      if (e instanceof DhSdkError && e.code === DhError.NO_RECORD_FOUND) throw noRecording(`channel ${channel} has no recording in the range`);
      throw asPlaybackError(e);
    }
    const close = this.track(w, () => this.sdk.stopPlayback(play), 'playback', l.id, channel, dump);
    const seek = async (time: WallTime): Promise<void> => {
      if (w.closed) return;
      try {
        await this.sdk.seekPlayback(play, time);
      } catch (e) {
        throw asPlayControlError(e);
      }
      out.discontinuity('seek');
    };
    if (signal.aborted) {
      await close();
      throw signal.reason;
    }
    return { close, seek };
  }

  async ptz(login: NvrLogin, channel: number, command: PtzCommandCode, stop: boolean, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const l = login as DahuaLogin;
    const ch = toSdkChannel(channel, this.opts.channelBase, l.channels);
    const call = dhPtzCall(command, this.opts.ptzSpeed);
    try {
      await this.sdk.ptz(l.handle, ch, call.code, call.p1, call.p2, call.p3, stop);
    } catch (e) {
      throw asPtzError(e);
    }
  }

  async dispose(): Promise<void> {
    if (!this.initialised) return;
    this.initialised = false;
    try {
      await this.sdk.cleanup();
    } catch (e) {
      this.logger.warn({ err: e }, 'Dahua SDK cleanup failed');
    }
  }
}
