/** Plugin manifest: Dahua NetSDK (dhnetsdk) source serving nvr_category 1 by default. */
import { isAbsolute, join, resolve } from 'node:path';
import { definePlugin, type PluginContext } from '@nvr-pusher/core/contracts';
import { DahuaSource } from './dahua-source.js';
import { dhavFormat } from './format/index.js';
import { configSchema, type DahuaOptions } from './options.js';
import { KoffiDhSdk, type DhSdk } from './sdk/index.js';
import { unavailableSdk } from './unavailable-sdk.js';

export { DahuaSource } from './dahua-source.js';
export { dhavFormat } from './format/index.js';
export type { DahuaOptions } from './options.js';

/** Full path of the SDK library from the options (sdkPath relative to the config file's directory). */
export function libraryPath(o: Pick<DahuaOptions, 'sdkPath' | 'libraryName'>, baseDir: string): string {
  if (!o.sdkPath) return o.libraryName;
  const dir = isAbsolute(o.sdkPath) ? o.sdkPath : resolve(baseDir, o.sdkPath);
  return join(dir, o.libraryName);
}

function create(ctx: PluginContext<DahuaOptions>): DahuaSource {
  const o = ctx.options;
  const logger = ctx.logger.child({ plugin: 'dahua' });
  const path = libraryPath(o, ctx.baseDir);
  let sdk: DhSdk;
  try {
    sdk = new KoffiDhSdk(path, (e) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'exception in a Dahua SDK callback'));
  } catch (e) {
    const reason = `cannot load ${path}: ${(e as Error).message}`;
    if (o.unavailable === 'fail') throw new Error(`plugin 'dahua': ${reason} (set options.sdkPath, or unavailable: 'degrade')`, { cause: e });
    logger.warn({ path }, `Dahua SDK unavailable, answering 606: ${reason}`);
    sdk = unavailableSdk(reason);
  }
  const dumpRaw = o.dumpRaw && !isAbsolute(o.dumpRaw) ? resolve(ctx.baseDir, o.dumpRaw) : o.dumpRaw;
  return new DahuaSource(sdk, { ...o, dumpRaw }, logger);
}

export default definePlugin({
  name: 'dahua',
  apiVersion: 1,
  kind: 'source',
  categories: (o: DahuaOptions) => o.categories,
  capabilities: { live: true, playback: true, seek: true, ptz: true },
  configSchema,
  formats: [dhavFormat],
  create,
});
