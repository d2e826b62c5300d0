/** Test harness: builds the emulator, writes its script, loads the real plugin against it, records outputs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import type { Logger, MediaFrame, MediaOutput, PusherError } from '@nvr-pusher/core/contracts';
import { DhavDemuxer } from '../../src/format/index.js';
import { WORK_DIR } from '../tools/media-fixtures.js';
import { buildEmulator, EMULATOR_LIBRARY_NAME } from './build.js';

export interface Emulator {
  dir: string;
  path: string;
  disconnect(ip: string, port: number, ms: number): void;
  stall(ip: string, port: number, ch: number, on: boolean): void;
  openLogins(): number;
  openPlays(): number;
  heldCallbacks(): number;
  loginAttempts(): number;
}

/** Builds the library and points it at `script` (must run before the plugin's first CLIENT_Init). */
export async function startEmulator(script: string): Promise<Emulator & { tmp: string; cleanup(): void }> {
  const { dir, path } = await buildEmulator();
  mkdirSync(WORK_DIR, { recursive: true });
  const tmp = mkdtempSync(join(WORK_DIR, 'run-'));
  const cfg = join(tmp, 'emulator.conf');
  writeFileSync(cfg, script.replaceAll('$TMP', tmp));
  process.env.DH_EMU_CONFIG = cfg;
  const lib = koffi.load(path);
  const disconnect = lib.func('int EMU_Disconnect(const char *ip, int port, int ms)');
  const stall = lib.func('int EMU_StallChannel(const char *ip, int port, int ch, int on)');
  const openLogins = lib.func('int EMU_OpenLogins()');
  const openPlays = lib.func('int EMU_OpenPlays()');
  const held = lib.func('int EMU_HeldCallbacks()');
  const attempts = lib.func('int EMU_LoginAttempts()');
  return {
    dir, path, tmp,
    disconnect: (ip, port, ms) => void disconnect(ip, port, ms),
    stall: (ip, port, ch, on) => void stall(ip, port, ch, on ? 1 : 0),
    openLogins: () => openLogins() as number,
    openPlays: () => openPlays() as number,
    heldCallbacks: () => held() as number,
    loginAttempts: () => attempts() as number,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

export { EMULATOR_LIBRARY_NAME };

/** A MediaOutput that demuxes what it gets and records every call. */
export class RecordingOutput implements MediaOutput {
  readonly frames: MediaFrame[] = [];
  readonly events: string[] = [];
  rawBytes = 0;
  failed?: PusherError;
  private readonly demuxer = new DhavDemuxer();
  writeRaw(format: string, data: Uint8Array): void {
    if (format !== 'dhav') throw new Error(`unexpected format ${format}`);
    this.rawBytes += data.length;
    this.frames.push(...this.demuxer.push(data));
  }
  writeFrame(frame: MediaFrame): void {
    this.frames.push(frame);
  }
  discontinuity(reason: string): void {
    this.events.push(`discontinuity:${reason}`);
  }
  state(state: 'reconnecting' | 'resumed'): void {
    this.events.push(state);
  }
  end(): void {
    this.events.push('end');
  }
  fail(error: PusherError): void {
    this.failed = error;
    this.events.push('fail');
  }
  video(): MediaFrame[] {
    return this.frames.filter((f) => f.track.kind === 'video');
  }
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const noop = (): void => {};
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => silentLogger };

export const signal = (): AbortSignal => new AbortController().signal;
