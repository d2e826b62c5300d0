/**
 * Test media like a Hikvision device sends: the 40-byte IMKH header, then MPEG-PS with a PSM (H.264 on 0xE0),
 * one pack per access unit, a system header + PSM before each key frame (ISO/IEC 13818-1 §2.5.3). Made from
 * ffmpeg's libx264 Annex-B output (ffmpeg's own PS muxer writes no PSM and uses 0xE2: not NVR-like).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const WORK = join(import.meta.dirname, '..', '.work');

/** IMKH header (vendor notes §7.1): version 0x0101, MPEG2-PS, standard H.264, no audio. */
export function imkhHeader(): Buffer {
  const b = Buffer.alloc(40);
  b.write('IMKH', 0, 'latin1');
  b.writeUInt16LE(0x0101, 4); // media_version
  b.writeUInt16LE(2, 8); // system_format: MPEG2-PS
  b.writeUInt16LE(0x0100, 10); // video_format: standard H.264
  return b;
}

function splitAccessUnits(annexB: Buffer): Buffer[] {
  const starts: number[] = [];
  for (let i = 0; i + 4 < annexB.length; i++) {
    if (annexB[i] === 0 && annexB[i + 1] === 0 && annexB[i + 2] === 0 && annexB[i + 3] === 1 && (annexB[i + 4]! & 0x1f) === 9) starts.push(i);
  }
  return starts.map((s, k) => annexB.subarray(s, starts[k + 1] ?? annexB.length));
}
const isKey = (au: Buffer): boolean => {
  for (let i = 0; i + 3 < au.length; i++) if (au[i] === 0 && au[i + 1] === 0 && au[i + 2] === 1 && (au[i + 3]! & 0x1f) === 5) return true;
  return false;
};

function packHeader(scr: number): Buffer {
  const b = Buffer.alloc(14);
  b.writeUInt32BE(0x000001ba, 0);
  const hi = Math.floor(scr / 2 ** 30) & 7, mid = Math.floor(scr / 2 ** 15) & 0x7fff, lo = scr & 0x7fff;
  b[4] = 0x44 | (hi << 3) | (mid >> 13);
  b[5] = (mid >> 5) & 0xff;
  b[6] = ((mid & 0x1f) << 3) | 0x04 | (lo >> 13);
  b[7] = (lo >> 5) & 0xff;
  b[8] = ((lo & 0x1f) << 3) | 0x04;
  b[9] = 0x01; // SCR extension 0 + marker
  b.writeUIntBE((20000 << 2) | 3, 10, 3); // program_mux_rate + markers
  b[13] = 0xf8; // reserved, stuffing length 0
  return b;
}
// prettier-ignore
const SYSTEM_HEADER = Buffer.from([
  0x00, 0x00, 0x01, 0xbb, 0x00, 0x09, // start code, header_length 9
  0x80, 0x4e, 0x21, 0x04, 0xe1, 0xff, // rate_bound, audio_bound 1, flags, video_bound 1
  0xe0, 0xe0, 0x80,                   // stream E0: P-STD buffer
]);
function psm(): Buffer {
  // program_stream_map with one elementary stream: H.264 (0x1B) on 0xE0; CRC not checked by readers here.
  const es = Buffer.from([0x1b, 0xe0, 0x00, 0x00]);
  const body = Buffer.concat([Buffer.from([0xe0, 0xff, 0x00, 0x00]), Buffer.from([0x00, es.length]), es, Buffer.alloc(4)]);
  const head = Buffer.from([0x00, 0x00, 0x01, 0xbc, 0, 0]);
  head.writeUInt16BE(body.length, 4);
  return Buffer.concat([head, body]);
}
function pes(payload: Buffer, pts: number | undefined): Buffer {
  const ext = pts === undefined ? Buffer.from([0x80, 0x00, 0x00]) : Buffer.from([0x80, 0x80, 0x05]);
  let ts = Buffer.alloc(0);
  if (pts !== undefined) {
    ts = Buffer.alloc(5);
    ts[0] = 0x21 | ((Math.floor(pts / 2 ** 30) & 7) << 1);
    const mid = Math.floor(pts / 2 ** 15) & 0x7fff, lo = pts & 0x7fff;
    ts.writeUInt16BE((mid << 1) | 1, 1);
    ts.writeUInt16BE((lo << 1) | 1, 3);
  }
  const head = Buffer.from([0x00, 0x00, 0x01, 0xe0, 0, 0]);
  head.writeUInt16BE(ext.length + ts.length + payload.length, 4);
  return Buffer.concat([head, ext, ts, payload]);
}

/** IMKH + PS around Annex-B H.264 (one AU per pack, PES split at 60000 bytes). */
export function muxHikPs(annexB: Buffer, fps: number): Buffer {
  const parts: Buffer[] = [imkhHeader()];
  splitAccessUnits(annexB).forEach((au, n) => {
    const pts = 90000 + Math.round((n * 90000) / fps);
    parts.push(packHeader(pts));
    if (isKey(au)) parts.push(SYSTEM_HEADER, psm());
    for (let o = 0; o < au.length; o += 60000) parts.push(pes(au.subarray(o, o + 60000), o === 0 ? pts : undefined));
  });
  return Buffer.concat(parts);
}

/** A cached IMKH+PS file: H.264 `width`x`height`, `seconds` long, 25 fps, a key frame every `gop` frames. */
export async function makeHikMedia(opts: { width: number; height: number; seconds: number; gop?: number }): Promise<string> {
  const gop = opts.gop ?? 25;
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `media-${opts.width}x${opts.height}-${opts.seconds}s-g${gop}.hikps`);
  if (existsSync(file)) return file;
  const h264 = `${file}.${process.pid}.h264`;
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${opts.width}x${opts.height}:rate=25`, '-t', String(opts.seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', String(gop), '-pix_fmt', 'yuv420p', '-x264-params', 'aud=1', '-f', 'h264', h264]);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, muxHikPs(readFileSync(h264), 25));
  renameSync(tmp, file);
  return file;
}
