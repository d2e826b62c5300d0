/**
 * The Hikvision source: logins, live, record search, playback with seek and PTZ over a `HikSdk`. When the SDK
 * could not be loaded and `unavailable: 'degrade'` was chosen, every request fails with its own code and the
 * reason (606 login, 603 live, 604 playback, 609 PTZ).
 */
import {
  liveFailed, loginFailed, playbackFailed, ptzFailed,
  type Logger, type MediaOutput, type NvrCredentials, type NvrLogin, type NvrSource, type PlaybackSource, type PtzCommandCode,
  type PtzSource, type RecordFile, type SeekableSession, type SourceSession, type VendorFailure, type WallTime,
} from '@nvr-pusher/core/contracts';
import { abortable } from './abortable.js';
import { ExceptionRouter } from './exception-router.js';
import { LiveSession } from './live-session.js';
import { linkModeCode, type HikvisionOptions } from './options.js';
import { PlaybackSession } from './playback-session.js';
import { HIK_PTZ_CODE } from './ptz-commands.js';
import { searchRecords } from './record-search.js';
import type { StreamSession } from './stream-session.js';
import type { DeviceInfo, HikSdk } from './sdk/index.js';
import { VENDOR, vendorFailure } from './vendor-failure.js';

/** A login as the core's pool keeps it. */
export class HikLogin implements NvrLogin {
  readonly id: string;
  constructor(readonly device: DeviceInfo, addr: string, port: number, user: string) {
    this.id = `${user}@${addr}:${port}#${device.userId}`; // never the password
  }
  /** Set by logout: the SDK reuses user ids, so a second logout must not reach it. */
  loggedOut = false;
  get userId(): number {
    return this.device.userId;
  }
}

export type SdkOrReason = { sdk: HikSdk; release: () => Promise<void> } | { unavailable: string };

export class HikvisionSource implements NvrSource, PlaybackSource, PtzSource {
  private readonly sdk: HikSdk | undefined;
  private readonly router = new ExceptionRouter();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly options: HikvisionOptions,
    private readonly log: Logger,
    private readonly binding: SdkOrReason,
  ) {
    this.sdk = 'sdk' in binding ? binding.sdk : undefined;
    this.unsubscribe = this.sdk?.onException((e) => this.router.handle(e)) ?? (() => undefined);
  }

  /** The SDK, or a failure naming why it is unavailable. */
  private need(fail: (f: VendorFailure) => Error): HikSdk {
    if (this.sdk) return this.sdk;
    throw fail({ vendor: VENDOR, text: `Hikvision SDK unavailable: ${(this.binding as { unavailable: string }).unavailable}` });
  }

  private static userId(login: NvrLogin): number {
    if (!(login instanceof HikLogin)) throw new TypeError(`not a Hikvision login: ${login.id}`);
    return login.userId;
  }

  async login(c: NvrCredentials, signal: AbortSignal): Promise<NvrLogin> {
    const sdk = this.need(loginFailed);
    signal.throwIfAborted();
    const attempt = sdk.login(c.addr, c.port, c.user, c.password).then(
      (device) => new HikLogin(device, c.addr, c.port, c.user),
      (e: unknown) => {
        throw loginFailed(vendorFailure(e, this.log, `login to ${c.addr}:${c.port}`));
      },
    );
    // Given up (the pool's login timeout): answer now; a login that still succeeds is logged out again.
    const login = await abortable(attempt, signal, (late) => this.logout(late));
    const device = login.device;
    this.log.info({ login: login.id, ipStart: device.ipStart, ipCount: device.ipCount }, 'logged in');
    return login;
  }

  async logout(login: NvrLogin): Promise<void> {
    try {
      const userId = HikvisionSource.userId(login);
      if ((login as HikLogin).loggedOut) return;
      (login as HikLogin).loggedOut = true;
      await this.need(loginFailed).logout(userId);
    } catch (e) {
      this.log.warn({ err: e, login: login.id }, 'logout failed');
    }
  }

  async openLive(login: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession> {
    const sdk = this.need(liveFailed);
    signal.throwIfAborted();
    const userId = HikvisionSource.userId(login);
    const session = new LiveSession(sdk, userId, channel, out, this.log, this.options.dumpRaw);
    const req = { channel, streamType: this.options.streamType === 'sub' ? 1 : 0, linkMode: linkModeCode[this.options.linkMode] };
    const start = sdk.startLive(userId, req, session.onData).then(
      (handle) => {
        session.handle = handle;
        return this.track(session, this.router.live);
      },
      async (e: unknown) => {
        await session.close();
        throw liveFailed(vendorFailure(e, this.log, `live channel ${channel}`));
      },
    );
    return abortable(start, signal, (late) => late.close());
  }

  /** Registers the session for exception routing until it closes. */
  private track<S extends StreamSession>(session: S, map: Map<number, StreamSession>): S {
    map.set(session.handle, session);
    session.onClosed = () => {
      // The SDK may already have given this handle to a newer session: remove only our own entry.
      if (map.get(session.handle) === session) map.delete(session.handle);
    };
    return session;
  }

  async findRecords(login: NvrLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]> {
    const sdk = this.need(playbackFailed);
    return searchRecords(sdk, HikvisionSource.userId(login), { channel, start, end }, this.options.searchTimeoutMs, signal, this.log);
  }

  async openPlayback(login: NvrLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession> {
    const sdk = this.need(playbackFailed);
    signal.throwIfAborted();
    const userId = HikvisionSource.userId(login);
    const session = new PlaybackSession(sdk, userId, channel, out, this.log, this.options.dumpRaw);
    const started = sdk.startPlayback(userId, { channel, start, end }, session.onData).then(
      (handle) => {
        session.handle = handle;
        session.watch(this.options.positionPollMs);
        return this.track(session, this.router.playback);
      },
      async (e: unknown) => {
        await session.close();
        throw playbackFailed(vendorFailure(e, this.log, `playback channel ${channel}`));
      },
    );
    return abortable(started, signal, (late) => late.close());
  }

  async ptz(login: NvrLogin, channel: number, command: PtzCommandCode, stop: boolean, signal: AbortSignal): Promise<void> {
    const sdk = this.need(ptzFailed);
    signal.throwIfAborted();
    const code = HIK_PTZ_CODE[command];
    if (code === undefined) throw ptzFailed({ vendor: VENDOR, text: `unknown PTZ command ${String(command)}` });
    try {
      await sdk.ptz(HikvisionSource.userId(login), channel, code, stop, this.options.ptzSpeed);
    } catch (e) {
      throw ptzFailed(vendorFailure(e, this.log, `PTZ channel ${channel}`));
    }
  }

  /** Sessions still open (tests check for leaks). */
  openSessions(): number {
    return this.router.live.size + this.router.playback.size;
  }

  /** koffi callbacks the SDK binding holds (tests check for leaks). */
  registeredCallbacks(): number {
    return this.sdk?.registeredCallbacks() ?? 0;
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    if ('release' in this.binding) await this.binding.release();
  }
}
