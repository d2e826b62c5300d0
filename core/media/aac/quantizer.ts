/**
 * Scalefactors and quantisation for one long block (ISO/IEC 14496-3 §4.6.1.3 inverse quantisation, read forwards):
 * x̂ = sign(q)·|q|^(4/3)·2^((sf − 100)/4), so q = ⌊(|x|/A)^(3/4) + 0.4054⌋ with A = 2^((sf − 100)/4).
 *
 * Noise allocation is reverse water-filling (MSE-optimal for a given rate): one noise level D per coefficient for
 * the block, D = mean power · 10^(−snr/10); a band whose power is below D is left out (ZERO_HCB), every other band
 * gets the step whose expected quantisation noise is D. With uniform rounding error in the |q| domain
 * (variance ≈ 1/12 with the 0.4054 offset ≈ 1/11), the noise of a coefficient of rms x is
 * ≈ (4/3)²·A^(3/2)·x^(1/2)/11, which gives A for a target D.
 */

/** Largest |q| codebook 11 can carry with an escape (13-bit escape word). */
export const MAX_QUANT = 8191;
const ROUNDING = 0.4054;
/** Scalefactor deltas are Huffman-coded in −60..60; sf itself fits global_gain's 8 bits. */
export const MAX_SF_DELTA = 60;
const SF_MIN = 0;
const SF_MAX = 255;
/** Blocks quieter than this mean power (16-bit PCM units², ~ −84 dBFS) are coded as silence. */
const SILENCE_POWER = 1;
const NOISE_PER_STEP = (16 / 9) / 11;

export interface QuantisedBlock {
  /** Per band: scalefactor, or -1 for a band coded as zero. */
  sf: Int16Array;
  q: Int32Array;
  /** Bands to code (1 + last non-zero band), ≤ number of bands. */
  maxSfb: number;
}

export class Quantiser {
  readonly block: QuantisedBlock;
  private readonly power: Float64Array;
  private readonly peak: Float64Array;

  constructor(private readonly bands: readonly number[]) {
    const n = bands.length - 1;
    this.block = { sf: new Int16Array(n), q: new Int32Array(bands[n]!), maxSfb: 0 };
    this.power = new Float64Array(n);
    this.peak = new Float64Array(n);
  }

  /** Mean power per coefficient of the block, measured once before `quantise` calls (returned for the rate loop). */
  analyse(x: Float64Array): number {
    const bands = this.bands;
    let total = 0;
    for (let b = 0; b + 1 < bands.length; b++) {
      let p = 0;
      let peak = 0;
      for (let k = bands[b]!; k < bands[b + 1]!; k++) {
        const v = x[k]!;
        p += v * v;
        const a = v < 0 ? -v : v;
        if (a > peak) peak = a;
      }
      total += p;
      this.power[b] = p / (bands[b + 1]! - bands[b]!);
      this.peak[b] = peak;
    }
    return total / bands[bands.length - 1]!;
  }

  /** Quantises `x` for noise level `noise` per coefficient (16-bit PCM units² scaled like the MDCT output). */
  quantise(x: Float64Array, meanPower: number, noise: number): QuantisedBlock {
    const { sf, q } = this.block;
    const bands = this.bands;
    q.fill(0);
    sf.fill(-1);
    let maxSfb = 0;
    let last = -1;
    if (meanPower >= SILENCE_POWER) {
      for (let b = 0; b + 1 < bands.length; b++) {
        const p = this.power[b]!;
        if (p <= noise) continue;
        // A from the noise model, then clamped so that the peak fits the escape range and deltas stay codable.
        let s = Math.round(100 + 4 * Math.log2(Math.pow((noise / (NOISE_PER_STEP * Math.sqrt(p))), 2 / 3)));
        const minForPeak = Math.ceil(100 + 4 * Math.log2(this.peak[b]! / Math.pow(MAX_QUANT - 1, 4 / 3)));
        if (s < minForPeak) s = minForPeak;
        if (last >= 0) s = Math.min(last + MAX_SF_DELTA, Math.max(last - MAX_SF_DELTA, s));
        s = Math.min(SF_MAX, Math.max(SF_MIN, s));
        if (!quantiseBand(x, q, bands[b]!, bands[b + 1]!, s)) continue;
        sf[b] = s;
        last = s;
        maxSfb = b + 1;
      }
    }
    this.block.maxSfb = maxSfb;
    return this.block;
  }
}

/** Quantises one band; false when every value rounds to zero. */
function quantiseBand(x: Float64Array, q: Int32Array, from: number, to: number, sf: number): boolean {
  const inv = Math.pow(2, -(sf - 100) / 4);
  let any = false;
  for (let k = from; k < to; k++) {
    const v = x[k]!;
    const a = v < 0 ? -v : v;
    const s = a * inv;
    let m = Math.floor(Math.sqrt(Math.sqrt(s * s * s)) + ROUNDING); // s^(3/4)
    if (m > MAX_QUANT) m = MAX_QUANT;
    if (m !== 0) {
      any = true;
      q[k] = v < 0 ? -m : m;
    }
  }
  return any;
}
