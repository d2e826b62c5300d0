/**
 * Bench clips made at bench time with ffmpeg (never committed): 1280x720 H.264 Annex-B, 25 fps, GOP 50, no
 * B-frames (like NVR main streams), at a target bitrate. Noise on the test pattern keeps the encoder near the
 * target (a clean test pattern compresses far below it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './paths.js';

export const MEDIA_DIR = path.join(BENCH_DIR, '.media');
const SECONDS = 10;

export interface Clip { file: string; mbps: number; bytes: number; actualMbps: number }

export function benchClip(mbps: number): Clip {
  fs.mkdirSync(MEDIA_DIR, { recursive: true });
  const file = path.join(MEDIA_DIR, `h264-720p25-gop50-${mbps}mbps.h264`);
  if (!fs.existsSync(file)) {
    const kbps = Math.round(mbps * 1000);
    const tmp = `${file}.part`;
    execFileSync('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${SECONDS}`,
      '-vf', 'noise=alls=12:allf=t',
      '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0',
      '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps}k`,
      '-f', 'h264', tmp,
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    fs.renameSync(tmp, file);
  }
  const bytes = fs.statSync(file).size;
  return { file, mbps, bytes, actualMbps: (bytes * 8) / SECONDS / 1e6 };
}
