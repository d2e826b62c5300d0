/** FLV AUDIODATA tag bodies: Adobe FLV spec v10.1 Annex E.4.2.1 (AUDIODATA) and E.4.2.2 (AACAUDIODATA). */
import { ByteReader, FormatError } from '@nvr-pusher/core/media';

/** SoundFormat (E.4.2.1) values this muxer writes. */
export const SoundFormat = { pcma: 7, pcmu: 8, aac: 10 } as const;
/** AACPacketType (E.4.2.2). */
export const AacPacketType = { sequenceHeader: 0, raw: 1 } as const;

export interface AudioTagBody {
  soundFormat: number;
  /** SoundRate: 0 = 5.5 kHz, 1 = 11 kHz, 2 = 22 kHz, 3 = 44 kHz (ignored by readers for G.711 and AAC). */
  soundRate: number;
  /** SoundSize: 0 = 8-bit, 1 = 16-bit samples. */
  soundSize: number;
  /** SoundType: 0 = mono, 1 = stereo. */
  soundType: number;
  /** Present only for AAC. */
  aacPacketType?: number;
  data: Uint8Array;
}

const STRUCTURE = 'FLV audio tag';

/**
 * The header fields for a codec. G.711 is 8 kHz mono with SoundRate 0 (the spec has no 8 kHz code; readers fix
 * G.711 at 8 kHz) and SoundSize 1 as ffmpeg's flvenc writes it; AAC is always written as 44 kHz stereo 16-bit
 * (E.4.2.1: "If the SoundFormat indicates AAC, the SoundType should be set to 1 (stereo) and the SoundRate should
 * be set to 3 (44 kHz)") — the real values come from the AudioSpecificConfig.
 */
export function audioHeaderFor(codec: 'pcma' | 'pcmu' | 'aac'): Omit<AudioTagBody, 'data' | 'aacPacketType'> {
  if (codec === 'aac') return { soundFormat: SoundFormat.aac, soundRate: 3, soundSize: 1, soundType: 1 };
  return { soundFormat: SoundFormat[codec], soundRate: 0, soundSize: 1, soundType: 0 };
}

export function encodeAudioTag(b: AudioTagBody): Uint8Array {
  const isAac = b.soundFormat === SoundFormat.aac;
  if (isAac !== (b.aacPacketType !== undefined)) throw new FormatError(STRUCTURE, 'AACPacketType is present exactly when SoundFormat is 10 (AAC)');
  const header = isAac ? 2 : 1;
  const out = new Uint8Array(header + b.data.length);
  // SoundFormat(4) SoundRate(2) SoundSize(1) SoundType(1)
  out[0] = ((b.soundFormat & 0x0f) << 4) | ((b.soundRate & 3) << 2) | ((b.soundSize & 1) << 1) | (b.soundType & 1);
  if (isAac) out[1] = b.aacPacketType!;
  out.set(b.data, header);
  return out;
}

export function decodeAudioTag(buf: Uint8Array): AudioTagBody {
  const r = new ByteReader(buf, STRUCTURE);
  const b0 = r.u8();
  const body: AudioTagBody = { soundFormat: b0 >> 4, soundRate: (b0 >> 2) & 3, soundSize: (b0 >> 1) & 1, soundType: b0 & 1, data: new Uint8Array(0) };
  if (body.soundFormat === SoundFormat.aac) {
    const t = r.u8();
    if (t > 1) throw new FormatError(STRUCTURE, `AACPacketType ${t} is not 0 or 1`, 1);
    body.aacPacketType = t;
  }
  body.data = r.bytes(r.remaining);
  return body;
}
