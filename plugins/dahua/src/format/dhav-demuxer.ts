/** DHAV → MediaFrames: video access units (H.264/H.265 Annex-B) and G.711/AAC audio frames. */
import type { AudioCodec, AudioTrack, Demuxer, MediaFrame, VideoCodec } from '@nvr-pusher/core/contracts';
import { VideoTrackTracker } from '@nvr-pusher/core/media';
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

/** ADTS header length when `data` starts with an ADTS sync word (ISO/IEC 14496-3 §1.A.2.2.1), else 0. */
function adtsHeaderLength(data: Uint8Array): number {
  if (data.length < 7 || data[0] !== 0xff || (data[1]! & 0xf6) !== 0xf0) return 0;
  return (data[1]! & 0x01) === 0 ? 9 : 7; // protection_absent = 0 → 2 CRC bytes follow
}

export class DhavDemuxer implements Demuxer {
  private readonly framer = new DhavFramer();
  private readonly clock = new DhavClock();
  private video?: VideoTrackTracker;
  private videoCodecNumber?: number;
  private frameRate?: number;
  private audio?: AudioTrack;

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
        const a = this.audio;
        if (!codec) this.audio = undefined;
        else if (!a || a.codec !== codec || a.sampleRate !== sampleRate || a.channels !== channels) {
          this.audio = { kind: 'audio', codec, sampleRate, channels };
        }
      }
      if (!this.audio || f.payload.length === 0) return undefined;
      const skip = this.audio.codec === 'aac' ? adtsHeaderLength(f.payload) : 0;
      return { track: this.audio, dts: t, pts: t, key: true, data: f.payload.subarray(skip) };
    }
    return undefined;
  }
}

/** Extension bytes are advisory: a cut field keeps what was read before it. */
function decodeDhavExtensionsSafe(bytes: Uint8Array): ReturnType<typeof decodeDhavExtensions> {
  try {
    return decodeDhavExtensions(bytes);
  } catch {
    return decodeDhavExtensions(new Uint8Array(0));
  }
}
