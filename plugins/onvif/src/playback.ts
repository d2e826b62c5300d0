/**
 * Playback: ONVIF Profile G (recordings from FindRecordings, RTSP replay with `Require: onvif-replay` and
 * `Range: clock=`), or the Hikvision / Dahua RTSP playback paths with the range in the URL. Seek opens a new RTSP
 * session from the new time (after a discontinuity), which every scheme supports.
 */
import {
  playbackFailed, playControlFailed,
  type MediaOutput, type RecordFile, type SeekableSession, type WallTime,
} from '@nvr-pusher/core/contracts';
import { mapped } from './failures.js';
import { MediaSession } from './media-session.js';
import type { OnvifRecording } from './onvif/onvif-device.js';
import type { OnvifLogin, OnvifSource } from './onvif-source.js';
import { VENDOR_PLAYBACK_URL, type OnvifOptions } from './options.js';
import { fillTemplate, schemeTime } from './url-template.js';

const playbackOff = () => playbackFailed({ vendor: 'ONVIF', text: 'playback is switched off for this device (options.playback: none)' });

/** ONVIF UTC dateTime → the NVR's wall time. */
const wall = (o: OnvifOptions, iso: string): WallTime => Date.parse(iso) + o.timeZoneOffsetMinutes * 60_000;

/** The NVR's wall time → ONVIF UTC `YYYYMMDDTHHMMSSZ` for a clock= range (RFC 2326 §3.7). */
const clock = (o: OnvifOptions, t: WallTime): string =>
  new Date(t - o.timeZoneOffsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

export class Playback {
  constructor(private readonly source: OnvifSource) {}

  /** The channel's recording: the one recorded from the channel's video source, else the channel-th one. */
  private async recording(login: OnvifLogin, channel: number, signal: AbortSignal): Promise<OnvifRecording> {
    const recordings = await mapped(playbackFailed, () => login.device.findRecordings(signal));
    const profile = await this.source.profile(login, channel, playbackFailed, signal).catch(() => undefined);
    const r = recordings.find((x) => profile && x.sourceId === profile.videoSourceToken) ?? recordings[channel - 1];
    if (!r) throw playbackFailed({ vendor: 'ONVIF', text: `channel ${channel} has no recording (the device lists ${recordings.length})` });
    return r;
  }

  async findRecords(login: OnvifLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<RecordFile[]> {
    const o = login.settings;
    if (o.playback === 'none') throw playbackOff();
    if (o.playback !== 'onvif') {
      // The vendor RTSP schemes have no search: the requested range is the one "file".
      return [{ fileName: `${o.playback}-playback-channel-${channel}`, fileSize: 0, start, stop: end }];
    }
    await this.source.services(login, signal);
    let r: OnvifRecording;
    try {
      r = await this.recording(login, channel, signal);
    } catch {
      return [];
    }
    const from = Math.max(start, wall(o, r.earliest));
    const until = Math.min(end, wall(o, r.latest));
    return from < until ? [{ fileName: r.token, fileSize: 0, start: from, stop: until }] : [];
  }

  private async url(login: OnvifLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal): Promise<{ url: string; onvif: boolean }> {
    const c = login.credentials;
    const o = login.settings;
    if (o.playback === 'onvif') {
      const r = await this.recording(login, channel, signal);
      return { url: await mapped(playbackFailed, () => login.device.getReplayUri(r.token, signal)), onvif: true };
    }
    if (o.playback === 'none') throw playbackOff();
    const template = o.playbackUrl || VENDOR_PLAYBACK_URL[o.playback];
    const url = fillTemplate(template, { addr: c.addr, port: c.port, channel, start: schemeTime(o.playback, start), end: schemeTime(o.playback, end) });
    return { url, onvif: false };
  }

  private async session(login: OnvifLogin, channel: number, from: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal, fail: typeof playbackFailed): Promise<MediaSession> {
    const { url, onvif } = await this.url(login, channel, from, end, signal);
    return mapped(fail, () => MediaSession.open({
      ...this.source.rtspOptions(login, url),
      ...(onvif ? { headers: [['Require', 'onvif-replay']], range: `clock=${clock(login.settings, from)}-${clock(login.settings, end)}` } : {}),
      durationMs: end - from,
      onLost: (e) => playbackFailed({ vendor: 'RTSP', ...(e.status ? { vendorCode: e.status } : {}), text: e.message }),
    }, out, signal));
  }

  async open(login: OnvifLogin, channel: number, start: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal): Promise<SeekableSession> {
    let current = await this.session(login, channel, start, end, out, signal, playbackFailed);
    let closed = false;
    const session: SeekableSession = {
      close: async () => {
        closed = true;
        await current.close();
      },
      seek: async (time: WallTime) => {
        if (closed) return;
        if (time < start || time >= end) throw playControlFailed({ vendor: 'ONVIF', text: 'seek time is outside the playback range' });
        await current.close();
        out.discontinuity('seek');
        const next = await this.session(login, channel, time, end, out, new AbortController().signal, playControlFailed);
        if (closed) await next.close();
        else current = next;
      },
    };
    return this.source.track(session);
  }
}
