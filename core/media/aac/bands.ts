/**
 * Scalefactor bands of long windows (ISO/IEC 14496-3 Table 4.129 ff., swb_offset_long_window) for the sampling
 * rates this encoder accepts, and the sampling_frequency_index of each rate (Table 1.18).
 */
import { AAC_SAMPLE_RATES } from '../adts.js';

// prettier-ignore
const SWB_LONG_8000 = [
  0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120, 132, 144, 156, 172, 188, 204, 220, 236, 252, 268, 288, 308, 328, 348,
  372, 396, 420, 448, 476, 508, 544, 580, 620, 664, 712, 764, 820, 880, 944, 1024,
];
// prettier-ignore
const SWB_LONG_16000 = [
  0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 100, 112, 124, 136, 148, 160, 172, 184, 196, 212, 228, 244, 260, 280,
  300, 320, 344, 368, 396, 424, 456, 492, 532, 572, 616, 664, 716, 772, 832, 896, 960, 1024,
];

const OFFSETS = new Map<number, readonly number[]>([[8000, SWB_LONG_8000], [16000, SWB_LONG_16000]]);

/** Band edges (num_swb + 1 values, last = 1024) for a long window at `sampleRate`. */
export function longWindowBands(sampleRate: number): readonly number[] {
  const bands = OFFSETS.get(sampleRate);
  if (!bands) throw new RangeError(`AAC encoder: sample rate ${sampleRate} Hz is not supported (${[...OFFSETS.keys()].join(', ')})`);
  return bands;
}

export function samplingFrequencyIndex(sampleRate: number): number {
  const i = (AAC_SAMPLE_RATES as readonly number[]).indexOf(sampleRate);
  if (i < 0) throw new RangeError(`AAC: ${sampleRate} Hz has no sampling_frequency_index`);
  return i;
}

export const SUPPORTED_SAMPLE_RATES: readonly number[] = [...OFFSETS.keys()];
