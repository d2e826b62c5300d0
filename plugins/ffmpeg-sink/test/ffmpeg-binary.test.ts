/** Binary lookup order (option, FFMPEG_PATH, PATH, npm-shipped) with the real binaries of this machine. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFfmpeg, locateFfmpeg } from '../src/ffmpeg-binary.js';
import plugin from '../src/index.js';
import { captureLogger, type LogRecord } from './support/sink.js';

const npmFfmpeg = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const systemFfmpeg = locateFfmpeg('', { PATH: process.env.PATH }).path;

describe('ffmpeg binary lookup', () => {
  it('prefers the ffmpegPath option over FFMPEG_PATH and PATH', () => {
    expect(locateFfmpeg(npmFfmpeg, { FFMPEG_PATH: systemFfmpeg, PATH: process.env.PATH })).toEqual({ path: npmFfmpeg, source: 'option ffmpegPath' });
  });

  it('then FFMPEG_PATH, then PATH', () => {
    expect(locateFfmpeg('', { FFMPEG_PATH: npmFfmpeg, PATH: process.env.PATH })).toEqual({ path: npmFfmpeg, source: 'env FFMPEG_PATH' });
    expect(locateFfmpeg('', { PATH: `/nonexistent${path.delimiter}${path.dirname(systemFfmpeg)}` })).toEqual({ path: systemFfmpeg, source: 'PATH' });
  });

  it('falls back to the npm-shipped @ffmpeg-installer binary when PATH has none', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-ffmpeg-'));
    try {
      expect(locateFfmpeg('', { PATH: empty })).toEqual({ path: npmFfmpeg, source: '@ffmpeg-installer/ffmpeg' });
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('refuses a configured path that is not an executable file', () => {
    expect(() => locateFfmpeg('/nonexistent/ffmpeg', {})).toThrow(/ffmpegPath '\/nonexistent\/ffmpeg' is not an executable/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'not-exec-'));
    const file = path.join(dir, 'ffmpeg');
    fs.writeFileSync(file, '', { mode: 0o644 });
    try {
      expect(() => locateFfmpeg('', { FFMPEG_PATH: file })).toThrow(/FFMPEG_PATH/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('reads the version of both binaries', async () => {
    expect((await findFfmpeg(systemFfmpeg)).version).toMatch(/^ffmpeg version \S+/);
    expect((await findFfmpeg(npmFfmpeg)).version).toMatch(/^ffmpeg version \S+/);
  });

  it('create() logs which binary it uses and its version', async () => {
    const records: LogRecord[] = [];
    const sink = await plugin.create({
      options: { ffmpegPath: npmFfmpeg } as never,
      logger: captureLogger(records),
      clock: { now: () => 0 },
      formats: { get: () => undefined },
      registerSecret: () => undefined,
      baseDir: '/',
    });
    expect(sink).toBeDefined();
    const line = records.find((r) => r.msg?.includes('using ffmpeg'));
    expect(line?.obj).toMatchObject({ path: npmFfmpeg, source: 'option ffmpegPath', version: expect.stringMatching(/^ffmpeg version/) });
    // The npm build is 4.1: it reads piped PS only at EOF, so create() warns that live publishing needs ≥ 5.
    expect(records.some((r) => r.level === 'warn' && /ffmpeg 5/.test(r.msg ?? ''))).toBe(true);
  });

  it('loaded but not the selected sink, it keeps that warning to debug (quiet startup with the default config)', async () => {
    const records: LogRecord[] = [];
    await plugin.create({
      options: { ffmpegPath: npmFfmpeg } as never,
      logger: captureLogger(records),
      clock: { now: () => 0 },
      formats: { get: () => undefined },
      registerSecret: () => undefined,
      baseDir: '/',
      selected: false,
    });
    expect(records.filter((r) => r.level === 'warn')).toEqual([]);
    expect(records.some((r) => r.level === 'debug' && /ffmpeg 5/.test(r.msg ?? ''))).toBe(true);
  });
});
