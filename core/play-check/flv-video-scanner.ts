/**
 * Scans an FLV byte stream (Adobe FLV spec v10.1 Annex E: header, then tags with PreviousTagSize) fed in chunks of
 * any size, and says when the first coded video frame arrived: an AVC/HEVC NALU packet (AVCPacketType 1), an
 * Enhanced RTMP CodedFrames/CodedFramesX packet, or any other codec's video tag. Sequence headers and metadata
 * do not count (a server may send those from its cache for a stream whose frames never reach players). Pure.
 */

const FLV_HEADER = 9;
const TAG_HEADER = 11;
const PREVIOUS_TAG_SIZE = 4;
const TAG_VIDEO = 9;
/** Tags beyond this are not FLV a media server sends: the reader stops instead of buffering them. */
const MAX_TAG_SIZE = 8 * 1024 * 1024;

export class FlvVideoScanner {
  private buf = new Uint8Array(0);
  private headerDone = false;
  /** Set when the stream is not FLV (the reason). */
  error?: string;

  /** Feeds bytes; true once a coded video frame was seen (stays true). */
  push(chunk: Uint8Array): boolean {
    if (this.error) return false;
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    let p = 0;
    if (!this.headerDone) {
      if (joined.length < FLV_HEADER + PREVIOUS_TAG_SIZE) return this.keep(joined, 0);
      if (joined[0] !== 0x46 || joined[1] !== 0x4c || joined[2] !== 0x56) {
        this.error = 'no FLV signature';
        return false;
      }
      const dataOffset = ((joined[5]! << 24) | (joined[6]! << 16) | (joined[7]! << 8) | joined[8]!) >>> 0;
      if (dataOffset < FLV_HEADER || dataOffset > 1024) {
        this.error = `FLV DataOffset ${dataOffset}`;
        return false;
      }
      if (joined.length < dataOffset + PREVIOUS_TAG_SIZE) return this.keep(joined, 0);
      p = dataOffset + PREVIOUS_TAG_SIZE;
      this.headerDone = true;
    }
    while (joined.length - p >= TAG_HEADER) {
      const type = joined[p]! & 0x1f;
      const size = (joined[p + 1]! << 16) | (joined[p + 2]! << 8) | joined[p + 3]!;
      if (size > MAX_TAG_SIZE) {
        this.error = `FLV tag of ${size} bytes`;
        return false;
      }
      if (joined.length - p < TAG_HEADER + size + PREVIOUS_TAG_SIZE) break;
      if (type === TAG_VIDEO && isCodedVideo(joined.subarray(p + TAG_HEADER, p + TAG_HEADER + size))) return true;
      p += TAG_HEADER + size + PREVIOUS_TAG_SIZE;
    }
    return this.keep(joined, p);
  }

  private keep(joined: Uint8Array, from: number): false {
    this.buf = joined.slice(from);
    return false;
  }
}

/** A VIDEODATA body carrying a coded frame (not a sequence header, end of sequence, or command frame). */
export function isCodedVideo(body: Uint8Array): boolean {
  if (body.length < 2) return false;
  const b0 = body[0]!;
  const frameType = (b0 >> 4) & 0x07;
  if (frameType === 5) return false; // video info/command frame
  if (b0 & 0x80) {
    // Enhanced RTMP: IsExHeader, PacketType in the low nibble (1 CodedFrames, 3 CodedFramesX).
    const packetType = b0 & 0x0f;
    return packetType === 1 || packetType === 3;
  }
  const codecId = b0 & 0x0f;
  if (codecId === 7 || codecId === 12) return body[1] === 1; // AVC / legacy HEVC: AVCPacketType 1 = NALU
  return true;
}
