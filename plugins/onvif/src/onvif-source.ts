/**
 * A source for any ONVIF / RTSP device: live over RTSP (URL from a template or from ONVIF GetStreamUri),
 * playback (ONVIF Profile G, or the Hikvision/Dahua RTSP playback paths), seek (a new RTSP session from the new
 * time), PTZ (ONVIF ContinuousMove/Stop). No vendor SDK.
 */
import {
  liveFailed, loginFailed, ptzFailed,
  type MediaOutput, type NvrCredentials, type NvrLogin, type NvrSource, type PlaybackSource, type PluginContext,
  type PtzCommandCode, type PtzSource, type RecordFile, type SeekableSession, type SourceSession, type WallTime,
} from '@nvr-pusher/core/contracts';
import { mapped } from './failures.js';
import { MediaSession } from './media-session.js';
import { OnvifDevice, type OnvifProfile } from './onvif/onvif-device.js';
import { SoapFault } from './onvif/soap-client.js';
import { checkDevices, deviceSettings, type OnvifOptions } from './options.js';
import { Playback } from './playback.js';
import { ptzVelocity } from './ptz-map.js';
import { RtspPlay } from './rtsp/rtsp-play.js';
import { fillTemplate } from './url-template.js';

export interface OnvifLogin extends NvrLogin {
  readonly credentials: NvrCredentials;
  /** The plugin options with this device's overrides applied. */
  readonly settings: OnvifOptions;
  readonly device: OnvifDevice;
  profiles?: OnvifProfile[];
  servicesKnown?: boolean;
}

export class OnvifSource implements NvrSource, PlaybackSource, PtzSource {
  private seq = 0;
  private readonly logins = new Set<string>();
  readonly sessions = new Set<SourceSession>();
  private readonly playback: Playback;

  constructor(private readonly ctx: PluginContext<OnvifOptions>) {
    checkDevices(ctx.options.devices);
    this.playback = new Playback(this);
  }

  async login(c: NvrCredentials, signal: AbortSignal): Promise<NvrLogin> {
    signal.throwIfAborted();
    this.ctx.registerSecret(c.password);
    const o = deviceSettings(this.ctx.options, c.addr, c.port);
    const device = new OnvifDevice(fillTemplate(o.onvifUrl, { addr: c.addr, port: c.port, channel: 1 }), {
      user: c.user, password: c.password, timeoutMs: o.requestTimeoutMs,
    });
    const login: OnvifLogin = { id: `onvif-${++this.seq}@${c.addr}:${c.port}`, credentials: c, settings: o, device };
    if (o.liveUrl) {
      // RTSP-only device: a DESCRIBE of the login channel proves the account (401 → 606).
      await mapped(loginFailed, () => RtspPlay.describe(this.rtspOptions(login, this.liveUrl(login, o.loginChannel)), signal));
    } else {
      await mapped(loginFailed, async () => {
        try {
          return await device.getDeviceInformation(signal);
        } catch (e) {
          // Refused, and the device clock is more than a minute off ours: the token's Created was the problem.
          // Retry once on the device's clock (a wrong password still fails, at most twice per login).
          if (!(e instanceof SoapFault && e.notAuthorized)) throw e;
          const offset = await device.syncClock(signal).catch(() => 0);
          if (Math.abs(offset) < 60_000) throw e;
          return device.getDeviceInformation(signal);
        }
      });
      await this.services(login, signal);
    }
    this.logins.add(login.id);
    return login;
  }

  async logout(login: NvrLogin): Promise<void> {
    this.logins.delete(login.id);
  }

  /** GetServices once per login; a device without it keeps every call on the device service address. */
  async services(login: OnvifLogin, signal: AbortSignal): Promise<void> {
    if (login.servicesKnown) return;
    await login.device.discoverServices(signal).catch(() => undefined);
    login.servicesKnown = true;
  }

  async profile(login: OnvifLogin, channel: number, fail: typeof liveFailed, signal: AbortSignal): Promise<OnvifProfile> {
    await this.services(login, signal);
    login.profiles ??= await mapped(fail, () => login.device.getProfiles(signal));
    const p = login.profiles[channel - 1];
    if (!p) throw fail({ vendor: 'ONVIF', text: `channel ${channel} has no media profile (the device has ${login.profiles.length})` });
    return p;
  }

  liveUrl(login: OnvifLogin, channel: number): string {
    const c = login.credentials;
    return fillTemplate(login.settings.liveUrl, { addr: c.addr, port: c.port, channel });
  }

  rtspOptions(login: OnvifLogin, url: string) {
    const o = login.settings;
    return { url, user: login.credentials.user, password: login.credentials.password, timeoutMs: o.requestTimeoutMs, keepAliveMs: o.keepAliveMs };
  }

  async openLive(nvrLogin: NvrLogin, channel: number, out: MediaOutput, signal: AbortSignal): Promise<SourceSession> {
    const login = nvrLogin as OnvifLogin;
    const url = login.settings.liveUrl
      ? this.liveUrl(login, channel)
      : await mapped(liveFailed, async () => login.device.getStreamUri((await this.profile(login, channel, liveFailed, signal)).token, signal));
    const media = await mapped(liveFailed, () => MediaSession.open({
      ...this.rtspOptions(login, url),
      onLost: (e) => {
        this.ctx.logger.warn({ login: login.id, channel, err: e }, 'RTSP live session lost');
        return liveFailed({ vendor: 'RTSP', ...(e.status ? { vendorCode: e.status } : {}), text: e.message });
      },
    }, out, signal));
    this.ctx.logger.info({ login: login.id, channel }, 'RTSP live session playing');
    return this.track({ close: () => media.close() });
  }

  track<S extends SourceSession>(s: S): S {
    const close = s.close.bind(s);
    const tracked = Object.assign(s, {
      close: async () => {
        this.sessions.delete(tracked);
        await close();
      },
    });
    this.sessions.add(tracked);
    return tracked;
  }

  findRecords(login: NvrLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]> {
    return this.playback.findRecords(login as OnvifLogin, channel, start, end, signal);
  }

  openPlayback(login: NvrLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession> {
    return this.playback.open(login as OnvifLogin, channel, start, end, out, signal);
  }

  async ptz(nvrLogin: NvrLogin, channel: number, command: PtzCommandCode, stop: boolean, signal: AbortSignal): Promise<void> {
    const login = nvrLogin as OnvifLogin;
    const o = login.settings;
    if (!o.ptz) throw ptzFailed({ vendor: 'ONVIF', text: 'PTZ is switched off for this plugin (options.ptz)' });
    const v = ptzVelocity(command, o.ptzSpeed);
    if (!v) throw ptzFailed({ vendor: 'ONVIF', text: `command ${command} (focus/iris) needs the ONVIF imaging service, which this plugin does not drive yet` });
    const profile = await this.profile(login, channel, ptzFailed, signal);
    await mapped(ptzFailed, () => (stop ? login.device.stop(profile.token, signal) : login.device.continuousMove(profile.token, v.pan, v.tilt, v.zoom, signal)));
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close()));
  }
}
