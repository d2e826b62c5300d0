/**
 * Builds the source from its options: finds and loads the library (by path), initialises the SDK once per
 * process, or — when that fails — stops startup naming the path (`unavailable: 'fail'`) or starts degraded.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Logger, PluginContext } from '@nvr-pusher/core/contracts';
import { HikvisionSource, type SdkOrReason } from './hikvision-source.js';
import type { HikvisionOptions } from './options.js';
import { acquireHikSdk, releaseHikSdk, type SdkInitOptions } from './sdk/index.js';

export const defaultLibraryName = (): string => (process.platform === 'win32' ? 'HCNetSDK.dll' : 'libhcnetsdk.so');

/** Where the library and its companions are, from the options. */
export function resolveSdkFiles(o: HikvisionOptions, baseDir: string): { file: string; init: SdkInitOptions } {
  const dir = o.sdkPath ? resolve(baseDir, o.sdkPath) : '';
  const name = o.libraryName || defaultLibraryName();
  const file = dir && !isAbsolute(name) ? join(dir, name) : name;
  const companion = (given: string, fallback: string) =>
    given ? resolve(baseDir, given) : dir && existsSync(join(dir, fallback)) ? join(dir, fallback) : undefined;
  return {
    file,
    init: {
      sdkDir: dir,
      libcryptoPath: companion(o.libcryptoPath, process.platform === 'win32' ? 'libcrypto-1_1-x64.dll' : 'libcrypto.so.1.1'),
      libsslPath: companion(o.libsslPath, process.platform === 'win32' ? 'libssl-1_1-x64.dll' : 'libssl.so.1.1'),
      connectTimeoutMs: o.connectTimeoutMs,
      connectTries: o.connectTries,
      reconnectIntervalMs: o.reconnectIntervalMs,
      threads: o.sdkThreads,
    },
  };
}

async function openSdk(file: string, init: SdkInitOptions, log: Logger): Promise<SdkOrReason> {
  if (isAbsolute(file) && !existsSync(file)) return { unavailable: `library not found at ${file}` };
  try {
    const sdk = await acquireHikSdk(file, init);
    const release = async () => {
      if (await releaseHikSdk(file)) log.info({ file }, 'Hikvision SDK released (NET_DVR_Cleanup)');
    };
    return { sdk, release };
  } catch (e) {
    return { unavailable: `cannot load ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function createHikvisionSource(ctx: PluginContext<HikvisionOptions>): Promise<HikvisionSource> {
  const log = ctx.logger.child({ plugin: 'hikvision' });
  const { file, init } = resolveSdkFiles(ctx.options, ctx.baseDir);
  const binding = await openSdk(file, init, log);
  if ('unavailable' in binding) {
    if (ctx.options.unavailable === 'fail') throw new Error(`Hikvision SDK unavailable: ${binding.unavailable}`);
    log.warn({ file }, `Hikvision SDK unavailable, requests to this plugin will fail: ${binding.unavailable}`);
  } else {
    log.info({ file, version: binding.sdk.version }, 'Hikvision SDK initialised');
  }
  const options = { ...ctx.options, dumpRaw: ctx.options.dumpRaw ? resolve(ctx.baseDir, ctx.options.dumpRaw) : '' };
  return new HikvisionSource(options, log, binding);
}
