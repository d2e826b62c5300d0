/** AAC ADTS framing: ISO/IEC 13818-7 §6.2 / ISO/IEC 14496-3 §1.A.2.2 (adts_fixed_header, adts_variable_header). */
import { FormatError, TruncatedError } from './format-error.js';

/** Sampling rates by sampling_frequency_index (ISO/IEC 14496-3 Table 1.18). */
export const AAC_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350] as const;

export interface AdtsFrame {
  /** AudioSpecificConfig (§1.6.2.1): audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) 000. */
  config: Uint8Array;
  sampleRate: number;
  channels: number;
  /** 1024 per raw_data_block. */
  samples: number;
  /** raw_data_block bytes (without header and CRC). */
  raw: Uint8Array;
  /** Bytes the whole ADTS frame occupies. */
  size: number;
}

const STRUCTURE = 'ADTS frame';
export const ADTS_HEADER_SIZE = 7;

/** Decodes the ADTS frame at the start of `buf` (which may hold more). */
export function decodeAdtsFrame(buf: Uint8Array): AdtsFrame {
  if (buf.length < ADTS_HEADER_SIZE) throw new TruncatedError(STRUCTURE, ADTS_HEADER_SIZE, buf.length, 0);
  if (buf[0] !== 0xff || (buf[1]! & 0xf6) !== 0xf0) throw new FormatError(STRUCTURE, 'no syncword 0xFFF / layer 00', 0);
  const protectionAbsent = buf[1]! & 1;
  const profile = buf[2]! >> 6; // profile_ObjectType = audioObjectType - 1
  const samplingFrequencyIndex = (buf[2]! >> 2) & 0x0f;
  const channelConfiguration = ((buf[2]! & 1) << 2) | (buf[3]! >> 6);
  const frameLength = ((buf[3]! & 3) << 11) | (buf[4]! << 3) | (buf[5]! >> 5);
  const blocks = (buf[6]! & 3) + 1;
  const sampleRate = AAC_SAMPLE_RATES[samplingFrequencyIndex];
  if (sampleRate === undefined) throw new FormatError(STRUCTURE, `sampling_frequency_index ${samplingFrequencyIndex} is reserved`, 2);
  if (channelConfiguration === 0) throw new FormatError(STRUCTURE, 'channel_configuration 0 (PCE) is not supported', 2);
  const headerSize = ADTS_HEADER_SIZE + (protectionAbsent ? 0 : 2);
  if (frameLength < headerSize) throw new FormatError(STRUCTURE, `aac_frame_length ${frameLength} < header ${headerSize}`, 3);
  if (buf.length < frameLength) throw new TruncatedError(STRUCTURE, frameLength, buf.length, 0);
  const aot = profile + 1;
  const config = Uint8Array.of((aot << 3) | (samplingFrequencyIndex >> 1), ((samplingFrequencyIndex & 1) << 7) | (channelConfiguration << 3));
  return { config, sampleRate, channels: channelConfiguration, samples: 1024 * blocks, raw: buf.subarray(headerSize, frameLength), size: frameLength };
}

/** Wraps one raw AAC frame in an ADTS header (no CRC) built from a 2-byte AudioSpecificConfig. */
export function encodeAdtsFrame(config: Uint8Array, raw: Uint8Array): Uint8Array {
  if (config.length < 2) throw new TruncatedError('AudioSpecificConfig', 2, config.length, 0);
  const aot = config[0]! >> 3;
  const sfi = ((config[0]! & 7) << 1) | (config[1]! >> 7);
  const ch = (config[1]! >> 3) & 0x0f;
  if (aot < 1 || aot > 4) throw new FormatError('AudioSpecificConfig', `audioObjectType ${aot} cannot be carried in ADTS`, 0);
  const len = ADTS_HEADER_SIZE + raw.length;
  if (len > 0x1fff) throw new FormatError(STRUCTURE, `aac_frame_length ${len} exceeds 8191`);
  const out = new Uint8Array(len);
  // prettier-ignore
  out.set([
    0xff, 0xf1,                                         // syncword, ID=0 (MPEG-4), layer 00, protection_absent=1
    ((aot - 1) << 6) | (sfi << 2) | (ch >> 2),          // profile, sampling_frequency_index, private, channel[2]
    ((ch & 3) << 6) | (len >> 11),                      // channel[1..0], orig, home, copyright bits, length[12..11]
    (len >> 3) & 0xff,                                  // length[10..3]
    ((len & 7) << 5) | 0x1f,                            // length[2..0], buffer fullness 0x7FF (VBR) [10..6]
    0xfc,                                               // buffer fullness [5..0], number_of_raw_data_blocks_in_frame 0
  ]);
  out.set(raw, ADTS_HEADER_SIZE);
  return out;
}
