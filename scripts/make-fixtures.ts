/**
 * Makes the small committed media fixtures in fixtures/media/ (run: `npx tsx scripts/make-fixtures.ts`).
 * Needs Debian's ffmpeg (libx264, libx265) on PATH. Each step is listed in fixtures/media/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePsFixtures } from './ps-fixtures.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'media');
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** 640x360 test pattern with a moving clock, `seconds` long, 25 fps. */
const video = (seconds: number): string[] => ['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${seconds}`];
const x264 = (bframes: number): string[] => [
  '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-threads', '1',
  '-bf', String(bframes), '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-b:v', '250k', '-maxrate', '300k',
  '-bufsize', '600k',
];

export function makeElementaryFixtures(bframesMp4: string): void {
  mkdirSync(OUT, { recursive: true });
  ffmpeg([...video(5), ...x264(0), '-f', 'h264', join(OUT, 'h264-640x360-25fps.h264')]);
  ffmpeg([
    ...video(5), '-c:v', 'libx265', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-x265-params', 'repeat-headers=1:aud=1:keyint=50:min-keyint=50:scenecut=0:bframes=0:pools=1:frame-threads=1:log-level=error',
    '-b:v', '200k', '-f', 'hevc', join(OUT, 'h265-640x360-25fps.h265'),
  ]);
  // B-frames: encoded to MP4 (which keeps each AU's PTS/DTS for the B-frame PS fixture), then copied to Annex-B.
  ffmpeg([...video(3), ...x264(2), '-x264-params', 'aud=1', '-f', 'mp4', bframesMp4]);
  ffmpeg(['-i', bframesMp4, '-c:v', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', join(OUT, 'h264-bframes-640x360.h264')]);
  const sine = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=5', '-ar', '8000', '-ac', '1'];
  ffmpeg([...sine, '-f', 'alaw', join(OUT, 'sine-440hz-8k.alaw')]);
  ffmpeg([...sine, '-f', 'mulaw', join(OUT, 'sine-440hz-8k.mulaw')]);
}

const tmp = mkdtempSync(join(tmpdir(), 'make-fixtures-'));
try {
  const bframesMp4 = join(tmp, 'bframes.mp4');
  makeElementaryFixtures(bframesMp4);
  makePsFixtures(OUT, bframesMp4);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
