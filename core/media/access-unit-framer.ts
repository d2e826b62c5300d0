/** H.264/H.265 Annex-B elementary stream (ITU-T H.264 / H.265 Annex B) → one MediaFrame per access unit. */
import type { ContainerFormat, Demuxer, MediaFrame, VideoCodec } from '../contracts/media.js';
import { BOUNDARY_PREFIX_BYTES, isVclRole, nalRole, startsAccessUnit } from './access-unit-boundary.js';
import { joinAnnexB } from './annexb.js';
import { FormatError } from './format-error.js';
import { GrowableBuffer } from './growable-buffer.js';
import { MAX_ACCESS_UNIT_SIZE } from './limits.js';
import { VideoTrackTracker } from './video-track-tracker.js';

/** Groups complete NAL units into access units; used by the Annex-B framer and the PS demuxer. */
export class AccessUnitAssembler {
  private nals: Uint8Array[] = [];
  private size = 0;
  private hasVcl = false;

  constructor(readonly codec: VideoCodec) {}

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
      throw new FormatError('access unit', `size ${size} exceeds MAX_ACCESS_UNIT_SIZE ${MAX_ACCESS_UNIT_SIZE}`);
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

/** Push framer: an Annex-B stream split anywhere → access units with dts = pts = n·1000/frameRate ms. */
export class AnnexBFramer implements Demuxer {
  private readonly pending = new GrowableBuffer();
  /** Offset in `pending` of the current NAL's first byte (after its start code); -1 before the first one. */
  private nalStart = -1;
  /** Whether the current NAL's boundary decision was already taken. */
  private decided = false;
  /** Where to resume the start-code scan. */
  private scanPos = 0;
  private readonly assembler: AccessUnitAssembler;
  private readonly tracker: VideoTrackTracker;
  private readonly frameRate: number;
  private count = 0;

  constructor(readonly codec: VideoCodec, { frameRate = 25 }: { frameRate?: number } = {}) {
    if (!(frameRate > 0)) throw new RangeError(`frameRate must be > 0, got ${frameRate}`);
    this.frameRate = frameRate;
    this.assembler = new AccessUnitAssembler(codec);
    this.tracker = new VideoTrackTracker(codec, frameRate);
  }

  push(chunk: Uint8Array): MediaFrame[] {
    const out: MediaFrame[] = [];
    this.pending.append(chunk);
    const buf = this.pending.view();
    const n = buf.length;
    let i = Math.max(this.scanPos, this.nalStart < 0 ? 0 : this.nalStart);
    for (; i + 2 < n; i++) {
      if (buf[i + 2]! > 1) {
        i += 2; // no start code can end at i, i+1 or i+2
        continue;
      }
      if (buf[i] !== 0 || buf[i + 1] !== 0 || buf[i + 2] !== 1) continue;
      if (this.nalStart >= 0) {
        let end = i;
        while (end > this.nalStart && buf[end - 1] === 0) end--;
        this.completeNal(buf.slice(this.nalStart, end), out);
      }
      this.nalStart = i + 3;
      this.decided = false;
      i += 2;
    }
    this.scanPos = i;
    if (this.nalStart >= 0) {
      this.decide(buf, n, out);
      if (n - this.nalStart > MAX_ACCESS_UNIT_SIZE) {
        throw new FormatError('NAL unit', `size ${n - this.nalStart} exceeds MAX_ACCESS_UNIT_SIZE ${MAX_ACCESS_UNIT_SIZE}`);
      }
    }
    // Drop what is no longer needed: everything before the current NAL, or junk before any start code.
    const keepFrom = this.nalStart >= 0 ? this.nalStart : Math.max(0, n - 2);
    this.pending.consume(keepFrom);
    this.scanPos -= keepFrom;
    if (this.nalStart >= 0) this.nalStart -= keepFrom;
    return out;
  }

  flush(): MediaFrame[] {
    const out: MediaFrame[] = [];
    if (this.nalStart >= 0) {
      const buf = this.pending.view();
      let end = buf.length;
      while (end > this.nalStart && buf[end - 1] === 0) end--;
      this.completeNal(buf.slice(this.nalStart, end), out);
    }
    this.pending.consume(this.pending.length);
    this.nalStart = -1;
    this.scanPos = 0;
    const last = this.assembler.flush();
    if (last) out.push(this.frame(last));
    return out;
  }

  /** Takes the boundary decision for the open NAL once enough of it is there. */
  private decide(buf: Uint8Array, n: number, out: MediaFrame[]): void {
    if (this.decided || n - this.nalStart < BOUNDARY_PREFIX_BYTES) return;
    this.decided = true;
    const au = this.assembler.boundary(buf.subarray(this.nalStart, this.nalStart + BOUNDARY_PREFIX_BYTES));
    if (au) out.push(this.frame(au));
  }

  private completeNal(nal: Uint8Array, out: MediaFrame[]): void {
    if (!this.decided) {
      this.decided = true;
      const au = this.assembler.boundary(nal.subarray(0, BOUNDARY_PREFIX_BYTES));
      if (au) out.push(this.frame(au));
    }
    this.assembler.add(nal);
  }

  private frame(nals: Uint8Array[]): MediaFrame {
    const { track, key } = this.tracker.accessUnitNals(nals);
    const t = Math.round((this.count++ * 1000) / this.frameRate);
    return { track, dts: t, pts: t, key, data: joinAnnexB(nals) };
  }
}

/** Raw H.264 Annex-B elementary stream. */
export const h264Format: ContainerFormat = {
  name: 'h264',
  ffmpegFormat: 'h264',
  createDemuxer: () => new AnnexBFramer('h264'),
};

/** Raw H.265 Annex-B elementary stream. */
export const h265Format: ContainerFormat = {
  name: 'h265',
  ffmpegFormat: 'hevc',
  createDemuxer: () => new AnnexBFramer('h265'),
};
