/** DHAV → MediaFrames: video access units (H.264/H.265 Annex-B) and G.711/AAC audio frames. */
import type { AudioCodec, AudioTrack, Demuxer, MediaFrame, VideoCodec } from '@nvr-pusher/core/contracts';
import { VideoTrackTracker } from '@nvr-pusher/core/media';
import { aacRateIndex, aacSampleRate, audioSpecificConfig, readAdtsHeader } from './aac-config.js';
import { DhavClock } from './dhav-clock.js';
import { DhavAudioCodec, DhavVideoCodec, decodeDhavExtensions } from './dhav-extensions.js';
import { DhavType, type DhavFrame } from './dhav-frame.js';
import { DhavFramer } from './dhav-framer.js';

/** DHAV video codec number → codec; others (MPEG-4, MJPEG) are not carried (no RTMP mapping). */
export function dhavVideoCodec(n: number): VideoCodec | undefined {
  if (n === DhavVideoCodec.H264 || n === DhavVideoCodec.H264_ALT4 || n === DhavVideoCodec.H264_ALT8) return 'h264';
  if (n === DhavVideoCodec.H265) return 'h265';
  return undefined;
}

export function dhavAudioCodec(n: number): AudioCodec | undefined {
  if (n === DhavAudioCodec.PCMA) return 'pcma';
  if (n === DhavAudioCodec.PCMU || n === DhavAudioCodec.PCMU_ALT) return 'pcmu';
  if (n === DhavAudioCodec.AAC) return 'aac';
  return undefined;
}


export class DhavDemuxer implements Demuxer {
  private readonly framer = new DhavFramer();
  private readonly clock = new DhavClock();
  private video?: VideoTrackTracker;
  private videoCodecNumber?: number;
  private frameRate?: number;
  private audio?: AudioTrack;
  /** Codec/rate/channels of the last audio extension field: the track changes only when they do. */
  private audioKey?: string;

  push(chunk: Uint8Array): MediaFrame[] {
    const out: MediaFrame[] = [];
    for (const f of this.framer.push(chunk)) {
      const m = this.toMedia(f);
      if (m) out.push(m);
    }
    return out;
  }

  flush(): MediaFrame[] {
    return [];
  }

  /** Bytes skipped while resynchronising on corrupt data. */
  get skippedBytes(): number {
    return this.framer.skippedBytes;
  }

  private toMedia(f: DhavFrame): MediaFrame | undefined {
    const ext = decodeDhavExtensionsSafe(f.extensions);
    const t = this.clock.next(f.timestamp);
    if (f.type === DhavType.VIDEO_KEY || f.type === DhavType.VIDEO) {
      if (ext.frameRate) this.frameRate = ext.frameRate;
      if (ext.videoCodec !== undefined && ext.videoCodec !== this.videoCodecNumber) {
        const codec = dhavVideoCodec(ext.videoCodec);
        this.videoCodecNumber = ext.videoCodec;
        this.video = codec ? new VideoTrackTracker(codec, this.frameRate) : undefined;
      }
      if (!this.video || f.payload.length === 0) return undefined;
      const { track, key } = this.video.accessUnit(f.payload);
      return { track, dts: t, pts: t, key, data: f.payload };
    }
    if (f.type === DhavType.AUDIO) {
      if (ext.audioCodec !== undefined) {
        const codec = dhavAudioCodec(ext.audioCodec);
        const sampleRate = ext.sampleRate ?? 8000;
        const channels = ext.audioChannels || 1;
        const key = `${ext.audioCodec}/${sampleRate}/${channels}`;
        if (!codec) this.audio = undefined;
        else if (!this.audio || key !== this.audioKey) this.audio = { kind: 'audio', codec, sampleRate, channels };
        this.audioKey = key;
      }
      if (!this.audio || f.payload.length === 0) return undefined;
      if (this.audio.codec !== 'aac') return { track: this.audio, dts: t, pts: t, key: true, data: f.payload };
      const adts = readAdtsHeader(f.payload);
      this.audio = withAacConfig(this.audio, adts);
      return { track: this.audio, dts: t, pts: t, key: true, data: f.payload.subarray(adts?.headerLength ?? 0) };
    }
    return undefined;
  }
}

/** Gives an AAC track its AudioSpecificConfig (from ADTS, else AAC LC from the DHAV rate/channels); same object if unchanged. */
function withAacConfig(track: AudioTrack, adts: ReturnType<typeof readAdtsHeader>): AudioTrack {
  const config = adts
    ? audioSpecificConfig(adts.audioObjectType, adts.samplingFrequencyIndex, adts.channelConfiguration)
    : audioSpecificConfig(2, aacRateIndex(track.sampleRate), track.channels);
  if (track.config && track.config[0] === config[0] && track.config[1] === config[1]) return track;
  const sampleRate = (adts && aacSampleRate(adts.samplingFrequencyIndex)) || track.sampleRate;
  const channels = adts?.channelConfiguration || track.channels;
  return { ...track, sampleRate, channels, config };
}

/** Extension bytes are advisory: a cut field keeps what was read before it. */
function decodeDhavExtensionsSafe(bytes: Uint8Array): ReturnType<typeof decodeDhavExtensions> {
  try {
    return decodeDhavExtensions(bytes);
  } catch {
    return decodeDhavExtensions(new Uint8Array(0));
  }
}
