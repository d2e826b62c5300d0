/**
 * Playback: ONVIF Profile G (recordings from FindRecordings, RTSP replay with `Require: onvif-replay` and
 * `Range: clock=`), or the Hikvision / Dahua RTSP playback paths with the range in the URL. Seek opens a new RTSP
 * session from the new time (after a discontinuity), which every scheme supports.
 */
import {
  isPusherError, playbackFailed, playControlFailed,
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

/** The NVR's wall times → an ONVIF replay `Range: clock=YYYYMMDDTHHMMSSZ-…` in UTC (RFC 2326 §3.7). */
export function replayRange(o: Pick<OnvifOptions, 'timeZoneOffsetMinutes'>, from: WallTime, end: WallTime): string {
  const clock = (t: WallTime) => new Date(t - o.timeZoneOffsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `clock=${clock(from)}-${clock(end)}`;
}

export class Playback {
  constructor(private readonly source: OnvifSource) {}

  /** The channel's recording: the one recorded from the channel's video source, else the channel-th one. */
  private async recording(login: OnvifLogin, channel: number, signal: AbortSignal, fail = playbackFailed): Promise<OnvifRecording> {
    const recordings = await mapped(fail, () => login.device.findRecordings(signal));
    const profile = await this.source.profile(login, channel, fail, signal).catch(() => undefined);
    const r = recordings.find((x) => profile && x.sourceId === profile.videoSourceToken) ?? recordings[channel - 1];
    if (!r) throw fail({ vendor: 'ONVIF', text: `channel ${channel} has no recording (the device lists ${recordings.length})` });
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

  private async url(login: OnvifLogin, channel: number, start: WallTime, end: WallTime, signal: AbortSignal, fail: typeof playbackFailed): Promise<{ url: string; onvif: boolean }> {
    const c = login.credentials;
    const o = login.settings;
    if (o.playback === 'onvif') {
      const r = await this.recording(login, channel, signal, fail);
      return { url: await mapped(fail, () => login.device.getReplayUri(r.token, signal)), onvif: true };
    }
    if (o.playback === 'none') throw playbackOff();
    const template = o.playbackUrl || VENDOR_PLAYBACK_URL[o.playback];
    const url = fillTemplate(template, { addr: c.addr, port: c.port, channel, start: schemeTime(o.playback, start), end: schemeTime(o.playback, end) });
    return { url, onvif: false };
  }

  private async session(login: OnvifLogin, channel: number, from: WallTime, end: WallTime, out: MediaOutput, signal: AbortSignal, fail: typeof playbackFailed): Promise<MediaSession> {
    const { url, onvif } = await this.url(login, channel, from, end, signal, fail);
    return mapped(fail, () => MediaSession.open({
      ...this.source.rtspOptions(login, url),
      ...(onvif ? { headers: [['Require', 'onvif-replay']], range: replayRange(login.settings, from, end) } : {}),
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
        // A new session from the new time (devices may allow one playback session per channel: close first).
        await current.close();
        out.discontinuity('seek');
        let next: MediaSession;
        try {
          next = await this.session(login, channel, time, end, out, new AbortController().signal, playControlFailed);
        } catch (e) {
          // The old session is gone: end the stream now rather than after the core's silence timeout.
          if (!closed) out.fail(isPusherError(e) ? e : playControlFailed({ vendor: 'ONVIF', text: (e as Error).message }));
          throw e;
        }
        if (closed) await next.close();
        else current = next;
      },
    };
    return this.source.track(session);
  }
}
