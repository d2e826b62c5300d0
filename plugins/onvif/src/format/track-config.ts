/** Tracks from SDP: codec, parameter sets (`sprop-*`), AAC AudioSpecificConfig. */
import { AAC_SAMPLE_RATES, FormatError } from '@nvr-pusher/core/media';
import type { AudioCodec, VideoCodec } from '@nvr-pusher/core/contracts';
import type { SdpMedia } from './sdp.js';

export type TrackSpec =
  | { kind: 'video'; codec: VideoCodec; clockRate: number; parameterSets: Uint8Array[] }
  | { kind: 'audio'; codec: AudioCodec; clockRate: number; sampleRate: number; channels: number; config?: Uint8Array };

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

function hex(s: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})+$/.test(s)) throw new FormatError('SDP track', `fmtp config=${s.slice(0, 40)} is not hexadecimal`);
  return new Uint8Array(Buffer.from(s, 'hex'));
}

/** AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1): sample rate and channels. */
export function parseAudioSpecificConfig(c: Uint8Array): { sampleRate: number; channels: number } {
  if (c.length < 2) throw new FormatError('SDP track', 'AudioSpecificConfig shorter than 2 bytes');
  const index = ((c[0]! & 0x07) << 1) | (c[1]! >> 7);
  const channels = (c[1]! >> 3) & 0x0f;
  const sampleRate = AAC_SAMPLE_RATES[index];
  if (sampleRate === undefined) throw new FormatError('SDP track', `AudioSpecificConfig sampling index ${index} is not supported`);
  return { sampleRate, channels: channels || 1 };
}

/** The track an SDP media section carries, or undefined for one the plugin does not read (data, JPEG, ...). */
export function trackFromSdp(m: SdpMedia): TrackSpec | undefined {
  const f = m.fmtp;
  switch (m.encoding) {
    case 'H264': {
      const sets = (f.get('sprop-parameter-sets') ?? '').split(',').filter(Boolean).map(b64).filter((n) => n.length > 0);
      return { kind: 'video', codec: 'h264', clockRate: m.clockRate || 90000, parameterSets: sets };
    }
    case 'H265': {
      const sets = ['sprop-vps', 'sprop-sps', 'sprop-pps']
        .flatMap((k) => (f.get(k) ?? '').split(',').filter(Boolean).map(b64))
        .filter((n) => n.length > 0);
      return { kind: 'video', codec: 'h265', clockRate: m.clockRate || 90000, parameterSets: sets };
    }
    case 'PCMA':
    case 'PCMU':
      return { kind: 'audio', codec: m.encoding === 'PCMA' ? 'pcma' : 'pcmu', clockRate: m.clockRate || 8000, sampleRate: m.clockRate || 8000, channels: m.channels };
    case 'MPEG4-GENERIC': {
      const mode = (f.get('mode') ?? '').toLowerCase();
      if (mode !== 'aac-hbr' && mode !== 'aac-lbr') return undefined;
      const config = hex(f.get('config') ?? '');
      const asc = parseAudioSpecificConfig(config);
      return { kind: 'audio', codec: 'aac', clockRate: m.clockRate || asc.sampleRate, sampleRate: asc.sampleRate, channels: asc.channels, config };
    }
    default:
      return undefined;
  }
}
