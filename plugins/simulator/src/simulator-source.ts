import {
  liveFailed, loginFailed, playbackFailed, ptzFailed,
  type MediaOutput, type NvrCredentials, type NvrLogin, type NvrSource, type PlaybackSource, type PluginContext,
  type PtzCommandCode, type PtzSource, type RecordFile, type SeekableSession, type SourceSession, type WallTime,
} from '@nvr-pusher/core/contracts';
import { MediaLibrary } from './media-library.js';
import { effectiveChannels, type ChannelMedia, type SimulatorOptions } from './options.js';
import { Playout } from './playout.js';
import { syntheticRecords } from './records.js';
import { Ticker } from './ticker.js';

const VENDOR = 'Simulator';

interface SimLogin extends NvrLogin {
  readonly addr: string;
}

/** A PTZ call as the simulated NVR received it (tests read these). */
export interface PtzCall {
  channel: number;
  command: PtzCommandCode;
  stop: boolean;
  at: number;
}

/**
 * A vendor-free NVR: live (looping clips) and playback (synthetic record list, seek) at real-time pace with
 * continuous timestamps, PTZ accepted and recorded. Faults are chosen per channel in the options.
 */
export class SimulatorSource implements NvrSource, PlaybackSource, PtzSource {
  private readonly library: MediaLibrary;
  private readonly channels: Record<string, ChannelMedia>;
  private readonly ticker = new Ticker();
  private loginSeq = 0;
  readonly logins = new Set<string>();
  readonly sessions = new Set<SourceSession>();
  private readonly live = new Map<SourceSession, { channel: number; out: MediaOutput; playout?: Playout }>();
  readonly ptzCalls: PtzCall[] = [];
  /** Logins tried, failed ones included (tests check the login back-off). */
  loginAttempts = 0;

  constructor(private readonly ctx: PluginContext<SimulatorOptions>) {
    this.library = new MediaLibrary(ctx.baseDir, ctx.formats);
    // Load every configured clip now, so a bad file fails startup rather than a request.
    this.library.clip(ctx.options.defaultChannel);
    this.channels = effectiveChannels(ctx.options);
    for (const spec of Object.values(this.channels)) this.library.clip(spec);
  }

  private media(channel: number): ChannelMedia {
    return this.channels[String(channel)] ?? this.ctx.options.defaultChannel;
  }

  async login(c: NvrCredentials, signal: AbortSignal): Promise<NvrLogin> {
    signal.throwIfAborted();
    this.loginAttempts++;
    const o = this.ctx.options;
    if ((o.user && c.user !== o.user) || (o.password && c.password !== o.password))
      throw loginFailed({ vendor: VENDOR, vendorCode: 1, text: 'wrong user name or password' });
    const login: SimLogin = { id: `sim-${++this.loginSeq}`, addr: c.addr };
    this.logins.add(login.id);
    return login;
  }

  async logout(login: NvrLogin): Promise<void> {
    this.logins.delete(login.id);
  }

  /** Channels refused from now on (tests: an NVR that stops accepting play). */
  readonly refused = new Set<number>();

  private checkChannel(channel: number, fail: typeof liveFailed): void {
    if (this.ctx.options.refuseChannels.includes(channel) || this.refused.has(channel)) throw fail({ vendor: VENDOR, vendorCode: 4, text: `channel ${channel} refused to play` });
  }

  private session(playout: Playout | undefined, channel = -1, out?: MediaOutput): SourceSession {
    const s: SourceSession = {
      close: async () => {
        playout?.stop();
        this.sessions.delete(s);
        this.live.delete(s);
      },
    };
    this.sessions.add(s);
    if (out) this.live.set(s, { channel, out, playout });
    return s;
  }

  /** Open live sessions of `channel`. */
  liveSessionCount(channel: number): number {
    return [...this.live.values()].filter((s) => s.channel === channel).length;
  }

  /**
   * Fault injection for tests and demos: every open live session of `channel` reports a lost connection
   * (`fail`) or silently stops sending (`silence`), as a rebooting NVR would.
   */
  injectFault(channel: number, fault: 'fail' | 'silence'): number {
    let n = 0;
    for (const [, s] of this.live) {
      if (s.channel !== channel) continue;
      n++;
      s.playout?.stop();
      if (fault === 'fail') s.out.fail(liveFailed({ vendor: VENDOR, vendorCode: 7, text: 'connection to the device lost' }));
    }
    return n;
  }

  async openLive(_login: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession> {
    signal.throwIfAborted();
    this.checkChannel(channel, liveFailed);
    if (this.ctx.options.silentChannels.includes(channel)) return this.session(undefined, channel, out);
    return this.session(new Playout(this.library.clip(this.media(channel)), out, this.ctx.clock, this.ticker), channel, out);
  }

  async findRecords(_login: NvrLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]> {
    signal.throwIfAborted();
    if (this.ctx.options.noRecordChannels.includes(channel)) return [];
    return syntheticRecords(channel, start, end, this.ctx.options.recordFileMinutes);
  }

  async openPlayback(_login: NvrLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession> {
    signal.throwIfAborted();
    this.checkChannel(channel, playbackFailed);
    const playout = this.ctx.options.silentChannels.includes(channel)
      ? undefined
      : new Playout(this.library.clip(this.media(channel)), out, this.ctx.clock, this.ticker, end - start);
    const base = this.session(playout);
    return {
      close: base.close,
      seek: async (time: WallTime) => playout?.seek(time - start),
    };
  }

  async ptz(_login: NvrLogin, channel: number, command: PtzCommandCode, stop: boolean, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    const allowed = this.ctx.options.ptzChannels;
    if (allowed && !allowed.includes(channel)) throw ptzFailed({ vendor: VENDOR, vendorCode: 23, text: `channel ${channel} has no PTZ` });
    this.ptzCalls.push({ channel, command, stop, at: this.ctx.clock.now() });
    this.ctx.logger.info({ channel, command, stop }, stop ? 'PTZ stop' : 'PTZ start');
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
  }
}
