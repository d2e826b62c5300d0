/** Startup: finding and loading the library by path, failing or degrading when it is missing or wrong. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import plugin from '../src/index.js';
import { resolveSdkFiles } from '../src/create-source.js';
import { PsDemuxer } from '@nvr-pusher/core/media';
import type { HikvisionOptions } from '../src/options.js';
import { memoryLogger } from './support/logger.js';
import { hikOptions } from './support/options.js';

const tmp = mkdtempSync(join(tmpdir(), 'hik-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ctx(o: Partial<HikvisionOptions>, log = memoryLogger()) {
  return {
    options: hikOptions(o), logger: log, clock: { now: () => 0 }, formats: { get: () => undefined },
    registerSecret: () => undefined, baseDir: tmp,
  };
}
const never = new AbortController().signal;

describe('hikvision manifest', () => {
  it('declares category 0 by default, every capability, and the hik-ps format read by PsDemuxer / ffmpeg -f mpeg', () => {
    expect(plugin).toMatchObject({ name: 'hikvision', apiVersion: 1, kind: 'source', capabilities: { live: true, playback: true, seek: true, ptz: true } });
    expect((plugin.categories as (o: HikvisionOptions) => number[])(hikOptions())).toEqual([0]);
    expect((plugin.categories as (o: HikvisionOptions) => number[])(hikOptions({ categories: [0, 7] }))).toEqual([0, 7]);
    const format = plugin.formats!.find((f) => f.name === 'hik-ps')!;
    expect(format.ffmpegFormat).toBe('mpeg');
    expect(format.createDemuxer()).toBeInstanceOf(PsDemuxer);
  });
});

describe('finding the SDK', () => {
  it('resolves sdkPath against the config directory, with the per-platform library name and its libcrypto/libssl', () => {
    writeFileSync(join(tmp, 'libcrypto.so.1.1'), '');
    const { file, init } = resolveSdkFiles(hikOptions({ sdkPath: '.', connectTimeoutMs: 4000 }), tmp);
    expect(file).toBe(join(tmp, process.platform === 'win32' ? 'HCNetSDK.dll' : 'libhcnetsdk.so'));
    expect(init.sdkDir).toBe(tmp);
    expect(init.libcryptoPath).toBe(join(tmp, 'libcrypto.so.1.1'));
    expect(init.libsslPath).toBeUndefined(); // not there: not passed
    expect(init.connectTimeoutMs).toBe(4000);
    expect(resolveSdkFiles(hikOptions({ sdkPath: '/opt/hik', libraryName: 'libcustom.so' }), tmp).file).toBe('/opt/hik/libcustom.so');
    expect(resolveSdkFiles(hikOptions(), tmp).file).toBe(process.platform === 'win32' ? 'HCNetSDK.dll' : 'libhcnetsdk.so');
  });

  it('fails startup naming the path when the library is missing (unavailable: fail)', async () => {
    const dir = join(tmp, 'no-such-sdk');
    await expect(plugin.create(ctx({ sdkPath: dir }))).rejects.toThrow(`Hikvision SDK unavailable: library not found at ${join(dir, 'libhcnetsdk.so')}`);
  });

  it('fails startup naming the path when the file is not a loadable library', async () => {
    const dir = join(tmp, 'wrong-sdk');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'libhcnetsdk.so'), 'this is not an ELF file');
    await expect(plugin.create(ctx({ sdkPath: dir }))).rejects.toThrow(`Hikvision SDK unavailable: cannot load ${join(dir, 'libhcnetsdk.so')}`);
  });

  it('starts degraded when asked: every request answers with its code and the reason, logged once as a warning', async () => {
    const log = memoryLogger();
    const dir = join(tmp, 'absent');
    const source = await plugin.create(ctx({ sdkPath: dir, unavailable: 'degrade' }, log));
    const creds = { category: 0, addr: '10.1.1.1', port: 8000, user: 'u', password: 'p' };
    await expect(source.login(creds, never)).rejects.toMatchObject({ code: 606, message: expect.stringContaining(`library not found at ${join(dir, 'libhcnetsdk.so')}`) });
    await expect(source.openLive({ id: 'x' }, 1, {} as never, never)).rejects.toMatchObject({ code: 603 });
    expect(log.lines.some((l) => l.includes('"level":"warn"') && l.includes('Hikvision SDK unavailable'))).toBe(true);
    await source.dispose?.();
  });
});
