/**
 * Access-unit boundaries in an H.264/H.265 NAL unit sequence: ITU-T H.264 §7.4.1.2.3 (order of NAL units and
 * coded pictures, detection of the first VCL NAL unit of a primary coded picture) and H.265 §7.4.2.4.4.
 */
import type { VideoCodec } from '../contracts/media.js';

/** Bytes of a NAL unit that {@link startsAccessUnit} looks at (header + first slice header byte). */
export const BOUNDARY_PREFIX_BYTES = 3;

/** What kind of NAL unit this is for AU assembly. */
export type NalRole =
  /** Always starts a new AU (access unit delimiter). */
  | 'aud'
  /** Starts a new AU if the current one already has a VCL NAL (parameter sets, prefix SEI, reserved prefixes). */
  | 'prefix'
  /** A VCL NAL that begins a new picture (first_mb_in_slice == 0 / first_slice_segment_in_pic_flag). */
  | 'first-vcl'
  /** A later slice of the same picture. */
  | 'vcl'
  /** Stays in the current AU (suffix SEI, end of sequence/stream, filler, unknown). */
  | 'other';

/**
 * Classifies a NAL unit from its first bytes (at least {@link BOUNDARY_PREFIX_BYTES} when the NAL is that long).
 */
export function nalRole(codec: VideoCodec, prefix: Uint8Array): NalRole {
  if (prefix.length === 0) return 'other';
  if (codec === 'h264') {
    const type = prefix[0]! & 0x1f;
    if (type === 9) return 'aud';
    if (type >= 1 && type <= 5) {
      // slice_header() begins with first_mb_in_slice ue(v): the value 0 is the single bit '1'.
      if (prefix.length < 2) return 'vcl';
      return (prefix[1]! & 0x80) !== 0 ? 'first-vcl' : 'vcl';
    }
    // SEI 6, SPS 7, PPS 8, 14..18 (prefix NAL, subset SPS, DPS, reserved) precede the first VCL NAL (§7.4.1.2.3).
    if (type === 6 || type === 7 || type === 8 || (type >= 14 && type <= 18)) return 'prefix';
    return 'other';
  }
  const type = (prefix[0]! >> 1) & 0x3f;
  if (type === 35) return 'aud';
  if (type <= 31) {
    // slice_segment_header() begins with first_slice_segment_in_pic_flag u(1), after the 2-byte NAL header.
    if (prefix.length < 3) return 'vcl';
    return (prefix[2]! & 0x80) !== 0 ? 'first-vcl' : 'vcl';
  }
  // VPS 32, SPS 33, PPS 34, prefix SEI 39, 41..44, 48..55 precede the first VCL NAL (§7.4.2.4.4).
  if (type === 32 || type === 33 || type === 34 || type === 39 || (type >= 41 && type <= 44) || (type >= 48 && type <= 55)) {
    return 'prefix';
  }
  return 'other';
}

/** True if a NAL of `role` ends the current AU, given whether that AU already holds a VCL NAL. */
export function startsAccessUnit(role: NalRole, currentHasVcl: boolean, currentIsEmpty: boolean): boolean {
  if (currentIsEmpty) return false;
  if (role === 'aud') return true;
  if (!currentHasVcl) return false;
  return role === 'prefix' || role === 'first-vcl';
}

export const isVclRole = (role: NalRole): boolean => role === 'first-vcl' || role === 'vcl';
