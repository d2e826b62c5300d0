/** The real plugin (manifest → create) with its real koffi binding, loaded against the emulator library. */
import plugin from '../../src/index.js';
import type { HikvisionOptions } from '../../src/options.js';
import type { HikvisionSource } from '../../src/hikvision-source.js';
import { buildEmulator, Emulator, type EmuConfig } from './emulator.js';
import { memoryLogger } from './logger.js';
import { hikOptions } from './options.js';

export interface EmulatedPlugin {
  emu: Emulator;
  source: HikvisionSource;
  logs: string[];
}

export async function startEmulatedPlugin(config: EmuConfig, o: Partial<HikvisionOptions> = {}): Promise<EmulatedPlugin> {
  const dir = await buildEmulator();
  const emu = new Emulator(dir);
  emu.configure(config);
  const log = memoryLogger();
  const source = (await plugin.create({
    options: hikOptions({ sdkPath: dir, ...o }),
    logger: log,
    clock: { now: () => performance.now() },
    formats: { get: (name) => (plugin.formats ?? []).find((f) => f.name === name) },
    registerSecret: () => undefined,
    baseDir: dir,
  })) as HikvisionSource;
  return { emu, source, logs: log.lines };
}

export const never = new AbortController().signal;
export const waitFor = async (cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
