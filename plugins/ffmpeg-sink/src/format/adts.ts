/**
 * ADTS header (ISO/IEC 13818-7 §6.2 / 14496-3 §1.A.2) for one raw AAC frame, built from the track's
 * AudioSpecificConfig: AAC in MPEG-PS (stream_type 0x0F) is ADTS-framed.
 */
import { FormatError } from '@nvr-pusher/core/media';

export const ADTS_HEADER_SIZE = 7;
/** aac_frame_length is 13 bits and includes the header. */
export const MAX_ADTS_FRAME = 0x1fff;

export interface AacConfig {
  readonly objectType: number;
  readonly samplingFrequencyIndex: number;
  readonly channelConfiguration: number;
}

/** Reads the first fields of an AudioSpecificConfig (§1.6.2.1); escape object types are not supported. */
export function parseAudioSpecificConfig(asc: Uint8Array): AacConfig {
  if (asc.length < 2) throw new FormatError('AudioSpecificConfig', `needs 2 bytes, has ${asc.length}`);
  const objectType = asc[0]! >> 3;
  const samplingFrequencyIndex = ((asc[0]! & 0x07) << 1) | (asc[1]! >> 7);
  const channelConfiguration = (asc[1]! >> 3) & 0x0f;
  if (objectType === 0 || objectType === 31 || samplingFrequencyIndex === 15) {
    throw new FormatError('AudioSpecificConfig', `unsupported objectType ${objectType} / frequency index ${samplingFrequencyIndex}`);
  }
  return { objectType, samplingFrequencyIndex, channelConfiguration };
}

/** ADTS header + frame. */
export function adtsFrame(cfg: AacConfig, raw: Uint8Array): Uint8Array {
  const len = ADTS_HEADER_SIZE + raw.length;
  if (len > MAX_ADTS_FRAME) throw new FormatError('ADTS frame', `length ${len} exceeds ${MAX_ADTS_FRAME}`);
  const out = new Uint8Array(len);
  const profile = (cfg.objectType - 1) & 0x03;
  // prettier-ignore
  out.set([
    0xff, 0xf1,                                                          // syncword, MPEG-4, layer 0, no CRC
    (profile << 6) | (cfg.samplingFrequencyIndex << 2) | ((cfg.channelConfiguration >> 2) & 0x01),
    ((cfg.channelConfiguration & 0x03) << 6) | ((len >> 11) & 0x03),     // channel cfg, frame length[12..11]
    (len >> 3) & 0xff,                                                   // frame length[10..3]
    ((len & 0x07) << 5) | 0x1f,                                          // frame length[2..0], buffer fullness
    0xfc,                                                                // buffer fullness, 1 raw data block
  ], 0);
  out.set(raw, ADTS_HEADER_SIZE);
  return out;
}
