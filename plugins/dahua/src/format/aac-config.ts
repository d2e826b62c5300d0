/**
 * AAC in DHAV: Dahua sends ADTS frames. The header is stripped (MediaFrame audio is raw AAC) and turned into the
 * AudioSpecificConfig the track carries. ADTS: ISO/IEC 14496-3 §1.A.2.2.1; AudioSpecificConfig: §1.6.2.1.
 */

/** MPEG-4 sampling_frequency_index table (§1.6.3.4). */
const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AdtsInfo {
  headerLength: number;
  audioObjectType: number;
  samplingFrequencyIndex: number;
  channelConfiguration: number;
}

/** The ADTS header at the start of `data`, if there is one. */
export function readAdtsHeader(data: Uint8Array): AdtsInfo | undefined {
  if (data.length < 7 || data[0] !== 0xff || (data[1]! & 0xf6) !== 0xf0) return undefined;
  const protectionAbsent = data[1]! & 0x01;
  return {
    headerLength: protectionAbsent ? 7 : 9, // 2 CRC bytes follow when protection_absent = 0
    audioObjectType: ((data[2]! >> 6) & 0x03) + 1, // profile_ObjectType + 1
    samplingFrequencyIndex: (data[2]! >> 2) & 0x0f,
    channelConfiguration: ((data[2]! & 0x01) << 2) | ((data[3]! >> 6) & 0x03),
  };
}

/** 2-byte AudioSpecificConfig: audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) 000. */
export function audioSpecificConfig(audioObjectType: number, samplingFrequencyIndex: number, channelConfiguration: number): Uint8Array {
  return Uint8Array.of((audioObjectType << 3) | (samplingFrequencyIndex >> 1), ((samplingFrequencyIndex & 1) << 7) | (channelConfiguration << 3));
}

/** Sample rate of a sampling_frequency_index, or undefined for reserved values. */
export const aacSampleRate = (index: number): number | undefined => AAC_RATES[index];

/** Index of a sample rate (AAC LC fallback when the stream has no ADTS header); 8000 Hz when unknown. */
export const aacRateIndex = (rate: number): number => {
  const i = AAC_RATES.indexOf(rate);
  return i < 0 ? 11 : i;
};
