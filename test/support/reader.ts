import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The independent reader: Debian's ffmpeg/ffprobe (installed by .ci/run). */
export const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

export interface ProbedPacket {
  codec_type: 'video' | 'audio' | 'data';
  pts_time?: string;
  dts_time?: string;
  dts?: number;
  pts?: number;
  flags: string;
  size: string;
}

/** ffprobe's stream list for a URL or file (`-analyzeduration 0.5 s` so live streams answer fast). */
export async function probeStreams(url: string, timeoutMs = 15_000): Promise<ProbedStream[]> {
  const { stdout } = await run(FFPROBE, [
    '-v', 'error', '-analyzeduration', '500000', '-rw_timeout', String(timeoutMs * 1000),
    '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate', '-of', 'json', url,
  ], { timeout: timeoutMs });
  return (JSON.parse(stdout).streams ?? []) as ProbedStream[];
}

/**
 * Publishes one second of an ffmpeg test pattern to `url`: resolves true when the server took the publication
 * (ffmpeg exited 0), false when it refused it (a key another publisher holds). The way to prove a publication
 * gone: node-media-server 4 keeps serving a stopped stream's cached GOP to readers for a 30 s grace window, but
 * takes a new publisher on the key at once; nginx-rtmp and SRS refuse a busy key the same way.
 */
export async function publishTestPattern(url: string, timeoutMs = 15_000): Promise<boolean> {
  try {
    await run(FFMPEG, ['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1',
      '-c:v', 'libx264', '-g', '10', '-f', 'flv', url], { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Every packet of a finite input (a file), with timestamps. */
export async function probePackets(file: string): Promise<ProbedPacket[]> {
  const { stdout } = await run(FFPROBE, [
    '-v', 'error', '-show_entries', 'packet=codec_type,pts,dts,pts_time,dts_time,flags,size', '-of', 'json', file,
  ], { maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(stdout).packets ?? []) as ProbedPacket[];
}

/**
 * Records a live URL with `ffmpeg -c copy` into `outFile` (FLV) for `seconds` of media, or until the stream
 * ends; resolves with ffmpeg's exit code. Start it before or right after publishing.
 */
export function recordStream(url: string, outFile: string, seconds: number, timeoutMs = seconds * 1000 + 15_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG, ['-v', 'error', '-y', '-rw_timeout', '10000000', '-i', url, '-t', String(seconds), '-c', 'copy', '-f', 'flv', outFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => { err += String(d); });
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(t);
      if (code !== 0 && err) process.stderr.write(`ffmpeg reader: ${err}\n`);
      resolve(code);
    });
  });
}

/** Polls `ffprobe` until the stream is there (publishing has started) or the time is up. */
export async function waitForStream(url: string, timeoutMs = 15_000): Promise<ProbedStream[]> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const s = await probeStreams(url, 5000);
      if (s.length) return s;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no stream at ${url}: ${String((last as Error)?.message ?? last)}`);
}
