/** Test-only read-back helpers: HTTP-FLV → hvc1 NAL units → Annex-B for ffprobe; TCP connection polling. */
import fs from 'node:fs';
import { decodeHevcConfig } from '../../src/format/hevc-config.js';
import { decodeLengthPrefixed } from '../../src/format/nalu-length-prefix.js';
import { decodeVideoTag } from '../../src/format/video-tag.js';
import { FlvFileReader, type FlvTag } from './flv-file-reader.js';

const START = Uint8Array.of(0, 0, 0, 1);

export interface HevcReadBack {
  /** Annex-B bytes: parameter sets before every key frame, then the frame's NAL units. */
  annexB: Buffer;
  /** Timestamps of the coded frames, in order. */
  timestamps: number[];
  keyFrames: number;
}

/** Reads `url` (HTTP-FLV) until `frames` coded hvc1 frames arrived or `timeoutMs` passed. */
export async function readHevcOverHttpFlv(url: string, frames: number, timeoutMs: number): Promise<HevcReadBack> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const parts: Uint8Array[] = [];
  const timestamps: number[] = [];
  let paramSets: Uint8Array[] = [];
  let keyFrames = 0;
  const onTag = (t: FlvTag) => {
    if (t.tagType !== 9) return;
    const v = decodeVideoTag(t.body);
    if (v.codec !== 'hvc1') return;
    if (v.packetType === 'sequenceStart') {
      paramSets = decodeHevcConfig(v.data).arrays.flatMap((a) => a.nalus);
      return;
    }
    if (v.packetType !== 'codedFrames' && v.packetType !== 'codedFramesX') return;
    if (timestamps.length === 0 && v.frameType !== 1) return; // start at a key frame
    const units = v.frameType === 1 ? [...paramSets, ...decodeLengthPrefixed(v.data)] : decodeLengthPrefixed(v.data);
    if (v.frameType === 1) keyFrames++;
    for (const u of units) parts.push(START, u);
    timestamps.push(t.timestamp);
  };
  try {
    const res = await fetch(url, { signal: ctl.signal });
    const reader = new FlvFileReader();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const t of reader.push(chunk)) onTag(t);
      if (timestamps.length >= frames) break;
    }
  } catch (e) {
    if (!ctl.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return { annexB: Buffer.concat(parts), timestamps, keyFrames };
}

/** Number of ESTABLISHED TCP connections whose local port is `port` (the server side of accepted clients). */
export function establishedTo(port: number): number {
  let n = 0;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      const local = cols[1]!.split(':')[1];
      if (local && parseInt(local, 16) === port && cols[3] === '01') n++;
    }
  }
  return n;
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Fetches HTTP-FLV bytes until `videoFrames` coded video tags (not sequence headers) arrived or `timeoutMs` passed. */
export async function fetchFlv(url: string, videoFrames: number, timeoutMs: number): Promise<Buffer> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const parts: Uint8Array[] = [];
  let coded = 0;
  try {
    const res = await fetch(url, { signal: ctl.signal });
    const reader = new FlvFileReader();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      parts.push(chunk);
      for (const t of reader.push(chunk)) if (t.tagType === 9 && decodeVideoTag(t.body).packetType !== 'sequenceStart') coded++;
      if (coded >= videoFrames) break;
    }
  } catch (e) {
    if (!ctl.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return Buffer.concat(parts);
}
