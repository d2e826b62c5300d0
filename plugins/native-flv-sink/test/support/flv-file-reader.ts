/** Test-only: reads an FLV file/HTTP-FLV byte stream (Adobe FLV spec v10.1 Annex E.2/E.3) into tags. */
import { ByteReader, FormatError, TruncatedError } from '@nvr-pusher/core/media';

export interface FlvTag {
  tagType: number;
  timestamp: number;
  body: Uint8Array;
}

/** Push reader: the 9-byte FLV header, then (PreviousTagSize, tag)*; split anywhere. */
export class FlvFileReader {
  private buf = new Uint8Array(0);
  private headerDone = false;

  push(chunk: Uint8Array): FlvTag[] {
    const b = new Uint8Array(this.buf.length + chunk.length);
    b.set(this.buf);
    b.set(chunk, this.buf.length);
    const out: FlvTag[] = [];
    let pos = 0;
    for (;;) {
      const r = new ByteReader(b.subarray(pos), 'FLV');
      try {
        if (!this.headerDone) {
          const sig = String.fromCharCode(r.u8(), r.u8(), r.u8());
          if (sig !== 'FLV') throw new FormatError('FLV header', `signature ${JSON.stringify(sig)}`);
          r.skip(2);
          r.skip(r.u32be() - 9);
          this.headerDone = true;
          pos += r.pos;
          continue;
        }
        r.skip(4); // PreviousTagSize
        const tagType = r.u8() & 0x1f;
        const size = r.u24be();
        const ts = r.u24be() | (r.u8() << 24);
        r.skip(3); // StreamID
        const body = r.bytes(size).slice();
        out.push({ tagType, timestamp: ts >>> 0, body });
        pos += r.pos;
      } catch (e) {
        if (e instanceof TruncatedError) break;
        throw e;
      }
    }
    this.buf = b.slice(pos);
    return out;
  }
}
