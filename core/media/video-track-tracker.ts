/** Tracks the parameter sets of an H.264/H.265 stream and gives each access unit its VideoTrack and key flag. */
import type { VideoCodec, VideoTrack } from '../contracts/media.js';
import { h264NalType, h265NalType, splitAnnexB } from './annexb.js';
import { FormatError } from './format-error.js';
import { parseH264Sps } from './h264-sps.js';
import { parseH265Sps } from './h265-sps.js';

/** H.264 Table 7-1 nal_unit_type values used here. */
export const H264Nal = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;
/** H.265 Table 7-1 nal_unit_type values used here. IRAP pictures are 16..23 (BLA, IDR, CRA, reserved IRAP). */
export const H265Nal = { IRAP_FIRST: 16, IRAP_LAST: 23, VPS: 32, SPS: 33, PPS: 34, AUD: 35, PREFIX_SEI: 39 } as const;

/** True if the NAL units of one access unit make a key frame: H.264 IDR (5), H.265 IRAP (16..23). */
export function isKeyAccessUnit(codec: VideoCodec, nals: readonly Uint8Array[]): boolean {
  for (const nal of nals) {
    if (nal.length === 0) continue;
    if (codec === 'h264') {
      if (h264NalType(nal) === H264Nal.IDR) return true;
    } else {
      const t = h265NalType(nal);
      if (t >= H265Nal.IRAP_FIRST && t <= H265Nal.IRAP_LAST) return true;
    }
  }
  return false;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * Keeps the last VPS/SPS/PPS seen. Returns the same VideoTrack object while they are unchanged and a new one
 * when any changes. Width/height come from the SPS (0 before any SPS). An SPS that does not parse is ignored
 * (the previous one stays in effect): corrupt bytes must not end the stream.
 */
export class VideoTrackTracker {
  private vps?: Uint8Array;
  private sps?: Uint8Array;
  private pps?: Uint8Array;
  private width = 0;
  private height = 0;
  private spsFrameRate?: number;
  private current: VideoTrack;

  constructor(readonly codec: VideoCodec, readonly frameRate?: number) {
    this.current = this.build();
  }

  /** The track in effect now. */
  get track(): VideoTrack {
    return this.current;
  }

  /** One access unit in Annex-B form. */
  accessUnit(au: Uint8Array): { track: VideoTrack; key: boolean } {
    return this.accessUnitNals(splitAnnexB(au));
  }

  /** One access unit as NAL units without start codes. */
  accessUnitNals(nals: readonly Uint8Array[]): { track: VideoTrack; key: boolean } {
    let changed = false;
    for (const nal of nals) {
      if (nal.length === 0) continue;
      const type = this.codec === 'h264' ? h264NalType(nal) : h265NalType(nal);
      if (this.codec === 'h264') {
        if (type === H264Nal.SPS) changed = this.setSps(nal) || changed;
        else if (type === H264Nal.PPS) changed = this.setPps(nal) || changed;
      } else if (type === H265Nal.VPS) {
        if (!sameBytes(this.vps, nal)) {
          this.vps = nal.slice();
          changed = true;
        }
      } else if (type === H265Nal.SPS) changed = this.setSps(nal) || changed;
      else if (type === H265Nal.PPS) changed = this.setPps(nal) || changed;
    }
    if (changed) this.current = this.build();
    return { track: this.current, key: isKeyAccessUnit(this.codec, nals) };
  }

  private setSps(nal: Uint8Array): boolean {
    if (sameBytes(this.sps, nal)) return false;
    try {
      if (this.codec === 'h264') {
        const info = parseH264Sps(nal);
        this.width = info.width;
        this.height = info.height;
        this.spsFrameRate = info.frameRate;
      } else {
        const info = parseH265Sps(nal);
        this.width = info.width;
        this.height = info.height;
      }
    } catch (e) {
      if (e instanceof FormatError) return false;
      throw e;
    }
    this.sps = nal.slice();
    return true;
  }

  private setPps(nal: Uint8Array): boolean {
    if (sameBytes(this.pps, nal)) return false;
    this.pps = nal.slice();
    return true;
  }

  private build(): VideoTrack {
    const frameRate = this.frameRate ?? this.spsFrameRate;
    return {
      kind: 'video',
      codec: this.codec,
      width: this.width,
      height: this.height,
      ...(this.codec === 'h265' && this.vps ? { vps: this.vps } : {}),
      ...(this.sps ? { sps: this.sps } : {}),
      ...(this.pps ? { pps: this.pps } : {}),
      ...(frameRate ? { frameRate } : {}),
    };
  }
}
