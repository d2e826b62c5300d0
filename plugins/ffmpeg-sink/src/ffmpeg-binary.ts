/** Finds the ffmpeg binary: option `ffmpegPath`, env `FFMPEG_PATH`, `ffmpeg` on PATH, the npm-shipped one. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

export type BinarySource = 'option ffmpegPath' | 'env FFMPEG_PATH' | 'PATH' | '@ffmpeg-installer/ffmpeg';

export interface FfmpegBinary {
  readonly path: string;
  readonly source: BinarySource;
  /** First line of `ffmpeg -version`, e.g. `ffmpeg version 5.1.6-0+deb12u1`. */
  readonly version: string;
  /** ffmpeg major version (from the version line or libavformat's), when known. */
  readonly major?: number;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function npmShipped(): string | undefined {
  try {
    // Installed with the project (platform package @ffmpeg-installer/<os>-<arch>, binary inside the tarball):
    // no download at install time, unlike ffmpeg-static.
    const found = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    return isExecutable(found.path) ? found.path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Picks the binary without running it. An explicitly configured path (option or env) that is not an executable
 * file is an error: falling back silently would run a binary the operator did not choose.
 */
export function locateFfmpeg(configured: string, env: NodeJS.ProcessEnv = process.env): { path: string; source: BinarySource } {
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`ffmpegPath '${configured}' is not an executable file`);
    return { path: configured, source: 'option ffmpegPath' };
  }
  const fromEnv = env.FFMPEG_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`FFMPEG_PATH '${fromEnv}' is not an executable file`);
    return { path: fromEnv, source: 'env FFMPEG_PATH' };
  }
  const fromPath = onPath(env.PATH);
  if (fromPath) return { path: fromPath, source: 'PATH' };
  const shipped = npmShipped();
  if (shipped) return { path: shipped, source: '@ffmpeg-installer/ffmpeg' };
  throw new Error('no ffmpeg found: set ffmpegPath or FFMPEG_PATH, install ffmpeg, or install @ffmpeg-installer/ffmpeg');
}

/** Locates the binary and reads its version (`ffmpeg -version`, first line). */
export async function findFfmpeg(configured: string, env: NodeJS.ProcessEnv = process.env): Promise<FfmpegBinary> {
  const found = locateFfmpeg(configured, env);
  const { stdout } = await promisify(execFile)(found.path, ['-hide_banner', '-version'], { timeout: 10_000 });
  const version = stdout.split('\n')[0]?.replace(/\s+Copyright.*$/, '').trim() ?? 'unknown';
  const lavf = /libavformat\s+(\d+)\./.exec(stdout);
  return { ...found, version, major: majorVersion(version, lavf ? Number(lavf[1]) : undefined) };
}

/**
 * Major version from the `-version` line (`ffmpeg version 5.1.6-…` → 5); undefined for git builds
 * (`N-47683-g0e8eb07980-static`), which are judged by their library versions instead (libavformat 58 = 4.x).
 */
export function majorVersion(versionLine: string, libavformatMajor?: number): number | undefined {
  const m = /^ffmpeg version n?(\d+)\./.exec(versionLine);
  if (m) return Number(m[1]);
  if (libavformatMajor === undefined) return undefined;
  // libavformat 58 → ffmpeg 4, 59 → 5, 60 → 6, 61 → 7.
  return libavformatMajor - 54;
}
