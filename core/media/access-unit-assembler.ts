/** Groups complete H.264/H.265 NAL units into access units (boundaries: access-unit-boundary.ts). */
import type { VideoCodec } from '../contracts/media.js';
import { isVclRole, nalRole, startsAccessUnit } from './access-unit-boundary.js';
import { LimitError } from './format-error.js';
import { MAX_ACCESS_UNIT_SIZE } from './limits.js';

/** Groups complete NAL units into access units; used by the Annex-B framer and the PS demuxer. */
export class AccessUnitAssembler {
  private nals: Uint8Array[] = [];
  private size = 0;
  private hasVcl = false;

  constructor(readonly codec: VideoCodec) {}

  get isEmpty(): boolean {
    return this.nals.length === 0;
  }

  /**
   * Decides from the first bytes of the next NAL whether it begins a new AU; if so returns the finished AU's
   * NAL units (only AUs holding a picture are returned; parameter-set-only leftovers are kept).
   */
  boundary(prefix: Uint8Array): Uint8Array[] | undefined {
    const role = nalRole(this.codec, prefix);
    if (!startsAccessUnit(role, this.hasVcl, this.nals.length === 0)) return undefined;
    if (!this.hasVcl && role === 'aud') {
      // An AUD after non-VCL NALs only: those NALs (e.g. a stray SEI) start the new AU's prefix; keep them.
      return undefined;
    }
    return this.take();
  }

  /** Appends a complete NAL unit (no start code) to the current AU. */
  add(nal: Uint8Array): void {
    if (nal.length === 0) return;
    if (this.size + nal.length + 4 > MAX_ACCESS_UNIT_SIZE) {
      const size = this.size + nal.length + 4;
      this.nals = [];
      this.size = 0;
      this.hasVcl = false;
      throw new LimitError('access unit', 'MAX_ACCESS_UNIT_SIZE', size, MAX_ACCESS_UNIT_SIZE);
    }
    if (isVclRole(nalRole(this.codec, nal))) this.hasVcl = true;
    this.nals.push(nal);
    this.size += nal.length + 4;
  }

  /** The buffered AU if it holds a picture (end of stream). */
  flush(): Uint8Array[] | undefined {
    if (!this.hasVcl) {
      this.nals = [];
      this.size = 0;
      return undefined;
    }
    return this.take();
  }

  private take(): Uint8Array[] {
    const out = this.nals;
    this.nals = [];
    this.size = 0;
    this.hasVcl = false;
    return out;
  }
}
