/**
 * An HTTP-FLV viewer of node-media-server (`/live/<key>.flv`) that timestamps every video tag on arrival.
 * Minimal FLV parsing: 9-byte header + PreviousTagSize0, then tags (11-byte header, body, 4-byte size).
 */
import http from 'node:http';

export interface VideoTag {
  /** FLV timestamp, ms (extended byte included). */
  ts: number;
  /** performance.now() when the tag's last byte arrived. */
  at: number;
  key: boolean;
  /** AVC sequence header (not a frame). */
  config: boolean;
}

export interface FlvViewer {
  readonly tags: VideoTag[];
  /** performance.now() at the request. */
  readonly startedAt: number;
  /** Resolves with the first video frame (not the sequence header). */
  readonly firstFrame: Promise<VideoTag>;
  close(): void;
}

export function openFlvViewer(url: string): FlvViewer {
  const tags: VideoTag[] = [];
  const startedAt = performance.now();
  let resolveFirst!: (t: VideoTag) => void;
  let rejectFirst!: (e: Error) => void;
  const firstFrame = new Promise<VideoTag>((res, rej) => { resolveFirst = res; rejectFirst = rej; });
  firstFrame.catch(() => undefined);
  let buf: Buffer = Buffer.alloc(0);
  let headerDone = false;
  let frames = 0;
  const req = http.get(url, (res) => {
    if (res.statusCode !== 200) { rejectFirst(new Error(`HTTP ${res.statusCode} for ${url}`)); res.resume(); return; }
    res.on('data', (chunk: Buffer) => {
      const at = performance.now();
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let off = 0;
      if (!headerDone) {
        if (buf.length < 13) return;
        if (buf.toString('latin1', 0, 3) !== 'FLV') { rejectFirst(new Error('not FLV')); req.destroy(); return; }
        off = buf.readUInt32BE(5) + 4;
        headerDone = true;
      }
      while (buf.length - off >= 11) {
        const type = buf[off]! & 0x1f;
        const size = buf.readUIntBE(off + 1, 3);
        if (buf.length - off < 11 + size + 4) break;
        if (type === 9 && size >= 2) {
          const ts = (buf.readUIntBE(off + 4, 3) | (buf[off + 7]! << 24)) >>> 0;
          const b0 = buf[off + 11]!;
          const key = b0 >> 4 === 1;
          const config = (b0 & 0x0f) === 7 && buf[off + 12] === 0;
          const tag = { ts, at, key, config };
          tags.push(tag);
          if (!config && ++frames === 1) resolveFirst(tag);
        }
        off += 11 + size + 4;
      }
      buf = buf.subarray(off);
    });
    res.on('error', () => undefined);
  });
  req.on('error', (e) => rejectFirst(e));
  return { tags, startedAt, firstFrame, close: () => req.destroy() };
}

export interface ViewerReport {
  /** video frames received in the window */
  frames: number;
  /** frames missing from the timestamp sequence (gaps of more than 1.5 frame intervals) */
  lost: number;
  /** (arrival − ts) − min(arrival − ts), ms, per frame */
  lateness: number[];
}

/** Frames of the viewer between two instants, with losses seen as timestamp gaps (25 fps: 40 ms). */
export function viewerReport(v: FlvViewer, from: number, to: number, frameMs = 40): ViewerReport {
  const frames = v.tags.filter((t) => !t.config && t.at >= from && t.at <= to);
  let lost = 0;
  for (let i = 1; i < frames.length; i++) {
    const gap = frames[i]!.ts - frames[i - 1]!.ts;
    if (gap > frameMs * 1.5) lost += Math.round(gap / frameMs) - 1;
  }
  const offsets = frames.map((t) => t.at - t.ts);
  const min = Math.min(...offsets);
  return { frames: frames.length, lost, lateness: offsets.map((o) => o - min) };
}
