/**
 * The `.hikraw` capture format written by the `dumpRaw` switch: records of `u32le dataType, u32le length,
 * payload`, one per SDK data callback (data types: vendor notes §3.1). Pure encode/decode and the conversion to
 * a `hik-ps` stream (IMKH header + PS) for fixtures and the emulator.
 */
import { ByteReader } from '@nvr-pusher/core/media';

export interface HikRawRecord {
  readonly dataType: number;
  readonly bytes: Uint8Array;
}

const SYSHEAD = 1;
const STREAM_TYPES = new Set([2, 3]); // NET_DVR_STREAMDATA, NET_DVR_AUDIOSTREAMDATA

/** Encodes one record's 8-byte header followed by the payload. */
export function encodeHikRawRecord(r: HikRawRecord): Uint8Array {
  const out = new Uint8Array(8 + r.bytes.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, r.dataType, true);
  v.setUint32(4, r.bytes.length, true);
  out.set(r.bytes, 8);
  return out;
}

/**
 * Decodes a capture. A capture cut short (the process was killed mid-write) keeps its complete records;
 * `truncatedBytes` says how many trailing bytes belonged to an incomplete one.
 */
export function decodeHikRaw(bytes: Uint8Array): { records: HikRawRecord[]; truncatedBytes: number } {
  const r = new ByteReader(bytes, 'hikraw record');
  const records: HikRawRecord[] = [];
  while (r.remaining > 0) {
    const start = r.pos;
    if (r.remaining < 8) return { records, truncatedBytes: r.remaining };
    const dataType = r.u32le();
    const len = r.u32le();
    if (r.remaining < len) return { records, truncatedBytes: bytes.length - start };
    records.push({ dataType, bytes: r.bytes(len) });
  }
  return { records, truncatedBytes: 0 };
}

/** The `hik-ps` stream of a capture: its first SYSHEAD, then every stream-data payload in order. */
export function hikRawToStream(records: readonly HikRawRecord[]): Uint8Array {
  const head = records.find((x) => x.dataType === SYSHEAD);
  const parts = [...(head ? [head.bytes] : []), ...records.filter((x) => STREAM_TYPES.has(x.dataType)).map((x) => x.bytes)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
