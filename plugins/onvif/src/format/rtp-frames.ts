/**
 * One RTSP session's RTP/RTCP packets → MediaFrames: per track a depacketizer, the shared clock, and for video
 * the parameter sets (SDP `sprop-*` first, in-band ones as they come) put in front of every key frame that lacks
 * them, so each key frame decodes on its own.
 */
import { H264Nal, H265Nal, VideoTrackTracker, h264NalType, h265NalType, annexBFrame } from '@nvr-pusher/core/media';
import type { AudioTrack, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { AacDepacketizer, G711Depacketizer, aacFmtp } from './audio-depacketizer.js';
import { parseRtcpSenderReports, parseRtp } from './rtp-packet.js';
import { SessionClock, type TrackClock } from './rtp-clock.js';
import type { SdpMedia } from './sdp.js';
import type { TrackSpec } from './track-config.js';
import { VideoDepacketizer } from './video-depacketizer.js';

interface VideoState {
  kind: 'video';
  spec: Extract<TrackSpec, { kind: 'video' }>;
  depacketizer: VideoDepacketizer;
  tracker: VideoTrackTracker;
  clock: TrackClock;
}

interface AudioState {
  kind: 'audio';
  track: AudioTrack;
  depacketizer: G711Depacketizer | AacDepacketizer;
  clock: TrackClock;
}

export class RtpFrameAssembler {
  private readonly clock = new SessionClock();
  private readonly states: (VideoState | AudioState)[];

  /** `tracks[i]` is received on interleaved channels 2i (RTP) and 2i+1 (RTCP). */
  constructor(tracks: readonly { spec: TrackSpec; media: SdpMedia }[]) {
    this.states = tracks.map(({ spec, media }, i) => {
      const clock = this.clock.track(i, spec.clockRate);
      if (spec.kind === 'video') {
        const tracker = new VideoTrackTracker(spec.codec);
        if (spec.parameterSets.length) tracker.accessUnitNals(spec.parameterSets);
        return { kind: 'video', spec, depacketizer: new VideoDepacketizer(spec.codec), tracker, clock };
      }
      const track: AudioTrack = { kind: 'audio', codec: spec.codec, sampleRate: spec.sampleRate, channels: spec.channels, ...(spec.config ? { config: spec.config } : {}) };
      const depacketizer = spec.codec === 'aac' ? new AacDepacketizer(aacFmtp(media.fmtp)) : new G711Depacketizer();
      return { kind: 'audio', track, depacketizer, clock };
    });
  }

  /** Packets lost on video tracks so far. */
  get lostPackets(): number {
    return this.states.reduce((n, s) => n + (s.kind === 'video' ? s.depacketizer.lost : 0), 0);
  }

  /** One interleaved packet. Unknown channels are ignored; malformed packets throw FormatError. */
  packet(channel: number, data: Uint8Array): MediaFrame[] {
    const state = this.states[channel >> 1];
    if (!state) return [];
    if (channel & 1) {
      for (const sr of parseRtcpSenderReports(data)) this.clock.report(channel >> 1, sr);
      return [];
    }
    const rtp = parseRtp(data);
    if (state.kind === 'audio') {
      return state.depacketizer.push(rtp).map((u) => {
        const ms = Math.round(state.clock.toMs(u.timestamp));
        return { track: state.track, dts: ms, pts: ms, key: true, data: u.data };
      });
    }
    return state.depacketizer.push(rtp).map((au) => {
      const ms = Math.round(state.clock.toMs(au.timestamp));
      const { track, key } = state.tracker.accessUnitNals(au.nals);
      const nals = key ? withParameterSets(track, au.nals) : au.nals;
      // NAL units stay views into the RTP packets (each an own copy from the RTSP reader): no join, no copy
      return annexBFrame(track, ms, ms, key, nals);
    });
  }
}

function withParameterSets(track: VideoTrack, nals: Uint8Array[]): Uint8Array[] {
  const h264 = track.codec === 'h264';
  const type = (n: Uint8Array) => (h264 ? h264NalType(n) : h265NalType(n));
  const has = (t: number) => nals.some((n) => type(n) === t);
  const sps = h264 ? H264Nal.SPS : H265Nal.SPS;
  const pps = h264 ? H264Nal.PPS : H265Nal.PPS;
  if (has(sps) && has(pps)) return nals;
  if (!track.sps || !track.pps) return nals;
  const sets = [...(!h264 && track.vps ? [track.vps] : []), track.sps, track.pps];
  return [...sets, ...nals.filter((n) => type(n) !== sps && type(n) !== pps && (h264 || type(n) !== H265Nal.VPS))];
}

