/**
 * The AAC long-block filterbank's forward half (ISO/IEC 14496-3 §4.6.11.3.2): sine window over 2N samples and
 * X[k] = 2·Σ z[n]·cos(2π/N₂·(n + n₀)(k + ½)) with N₂ = 2N, n₀ = (N₂/2 + 1)/2, computed as a DCT-IV of the folded
 * window through an N/2-point complex FFT (pre-twiddle, FFT, post-twiddle). Pure; one instance per encoder.
 */

export class Mdct {
  /** N: output coefficients per block (1024 for AAC long blocks). */
  readonly size: number;
  private readonly window: Float64Array;
  private readonly folded: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly preCos: Float64Array;
  private readonly preSin: Float64Array;
  private readonly postCos: Float64Array;
  private readonly postSin: Float64Array;
  private readonly fftCos: Float64Array;
  private readonly fftSin: Float64Array;
  private readonly bitReverse: Uint32Array;

  constructor(size = 1024) {
    if (size < 8 || (size & (size - 1)) !== 0) throw new RangeError('MDCT size must be a power of two ≥ 8');
    this.size = size;
    const n2 = 2 * size;
    const half = size / 2;
    this.window = Float64Array.from({ length: n2 }, (_, n) => Math.sin((Math.PI / n2) * (n + 0.5)));
    this.folded = new Float64Array(size);
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
    this.preCos = Float64Array.from({ length: half }, (_, n) => Math.cos((Math.PI * n) / size));
    this.preSin = Float64Array.from({ length: half }, (_, n) => -Math.sin((Math.PI * n) / size));
    this.postCos = Float64Array.from({ length: half }, (_, k) => Math.cos((Math.PI * (k + 0.25)) / size));
    this.postSin = Float64Array.from({ length: half }, (_, k) => -Math.sin((Math.PI * (k + 0.25)) / size));
    this.fftCos = Float64Array.from({ length: half / 2 }, (_, i) => Math.cos((2 * Math.PI * i) / half));
    this.fftSin = Float64Array.from({ length: half / 2 }, (_, i) => -Math.sin((2 * Math.PI * i) / half));
    const bits = Math.log2(half);
    this.bitReverse = Uint32Array.from({ length: half }, (_, i) => {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      return r;
    });
  }

  /** `input` holds 2N samples (previous block, then the current one); writes N coefficients to `out`. */
  forward(input: ArrayLike<number>, out: Float64Array): void {
    const n = this.size;
    const w = this.window;
    const r = this.folded;
    const q = n / 2;
    // Fold the windowed quarters (a, b, c, d) into the DCT-IV input (-c_r - d, a - b_r).
    for (let t = 0; t < q; t++) {
      const c = n + q - 1 - t;
      const d = n + q + t;
      r[t] = -(input[c]! * w[c]!) - input[d]! * w[d]!;
      const b = n - 1 - t;
      r[q + t] = input[t]! * w[t]! - input[b]! * w[b]!;
    }
    this.dct4(out);
  }

  /** DCT-IV of `folded` (length N), scaled by 2 as the spec's MDCT is. */
  private dct4(out: Float64Array): void {
    const n = this.size;
    const half = n / 2;
    const r = this.folded;
    const re = this.re;
    const im = this.im;
    const rev = this.bitReverse;
    for (let t = 0; t < half; t++) {
      const x = r[2 * t]!;
      const y = r[n - 1 - 2 * t]!;
      const c = this.preCos[t]!;
      const s = this.preSin[t]!;
      const j = rev[t]!;
      re[j] = x * c - y * s;
      im[j] = x * s + y * c;
    }
    this.fft(re, im);
    for (let k = 0; k < half; k++) {
      const c = this.postCos[k]!;
      const s = this.postSin[k]!;
      const yr = re[k]! * c - im[k]! * s;
      const yi = re[k]! * s + im[k]! * c;
      out[2 * k] = 2 * yr;
      out[n - 1 - 2 * k] = -2 * yi;
    }
  }

  /** In-place iterative radix-2 FFT of bit-reversed input. */
  private fft(re: Float64Array, im: Float64Array): void {
    const len = re.length;
    for (let size = 2; size <= len; size *= 2) {
      const halfSize = size / 2;
      const step = len / size;
      for (let start = 0; start < len; start += size) {
        for (let j = 0, tw = 0; j < halfSize; j++, tw += step) {
          const a = start + j;
          const b = a + halfSize;
          const c = this.fftCos[tw]!;
          const s = this.fftSin[tw]!;
          const tr = re[b]! * c - im[b]! * s;
          const ti = re[b]! * s + im[b]! * c;
          re[b] = re[a]! - tr;
          im[b] = im[a]! - ti;
          re[a] = re[a]! + tr;
          im[a] = im[a]! + ti;
        }
      }
    }
  }
}
