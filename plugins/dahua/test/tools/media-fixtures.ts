/**
 * Test media: the committed Annex-B H.264/H.265 and A-law of `fixtures/media/` (generated with ffmpeg into
 * test/.work when that folder is missing), muxed to DHAV with the project's muxer. Cached in test/.work/media; each file is written under a temporary name and renamed, so two
 * test files preparing them at once are safe.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { muxDhav, type MuxOutput } from './dhav-muxer.js';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
export const WORK_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.work');
const MEDIA_DIR = join(WORK_DIR, 'media');

export const FIXTURE = { width: 640, height: 360, fps: 25, seconds: 5 } as const;
const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'fixtures', 'media');
const COMMITTED_FILES = { h264: 'h264-640x360-25fps.h264', h265: 'h265-640x360-25fps.h265', alaw: 'sine-440hz-8k.alaw' } as const;

const tmpName = (file: string): string => `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;

async function ffmpegOnce(file: string, args: string[]): Promise<string> {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tmpName(file);
  await run(FFMPEG, ['-v', 'error', '-y', ...args, tmp]);
  renameSync(tmp, file);
  return file;
}

const videoArgs = (codec: 'h264' | 'h265'): string[] => {
  const { width, height, fps, seconds } = FIXTURE;
  const src = ['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}`, '-t', String(seconds), '-pix_fmt', 'yuv420p'];
  return codec === 'h264'
    ? [...src, '-c:v', 'libx264', '-profile:v', 'baseline', '-g', String(fps), '-bf', '0', '-f', 'h264']
    : [...src, '-c:v', 'libx265', '-x265-params', `keyint=${fps}:min-keyint=${fps}:bframes=0:log-level=error`, '-f', 'hevc'];
};

/** Raw elementary streams (Annex-B / A-law). */
export async function rawMedia(codec: 'h264' | 'h265'): Promise<{ video: Uint8Array; audio: Uint8Array }> {
  const committedVideo = join(COMMITTED, COMMITTED_FILES[codec]);
  const committedAudio = join(COMMITTED, COMMITTED_FILES.alaw);
  if (existsSync(committedVideo) && existsSync(committedAudio)) return { video: readFileSync(committedVideo), audio: readFileSync(committedAudio) };
  const video = await ffmpegOnce(join(MEDIA_DIR, `testsrc-${FIXTURE.width}x${FIXTURE.height}-25fps.${codec}`), videoArgs(codec));
  const audio = await ffmpegOnce(join(MEDIA_DIR, 'sine-8k.alaw'), ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=8000`, '-t', String(FIXTURE.seconds), '-c:a', 'pcm_alaw', '-f', 'alaw']);
  return { video: readFileSync(video), audio: readFileSync(audio) };
}

/** DHAV fixture (counter starts 500 ms before the 16-bit wrap). Returns the file path and what was muxed. */
export async function dhavFixture(codec: 'h264' | 'h265', withAudio = true): Promise<{ file: string } & MuxOutput> {
  const { video, audio } = await rawMedia(codec);
  const out = muxDhav({ codec, video, audio: withAudio ? audio : undefined, fps: FIXTURE.fps, width: FIXTURE.width, height: FIXTURE.height, firstTimestamp: 0x10000 - 500 });
  const file = join(MEDIA_DIR, `${codec}-640x360-25fps${withAudio ? '-alaw' : ''}.dav`);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tmpName(file);
  writeFileSync(tmp, out.bytes);
  renameSync(tmp, file);
  return { file, ...out };
}
