/**
 * Builds the HCNetSDK emulator (test/emulator/*.c) with gcc into test/.work/emu-<hash>/libhcnetsdk.so — rebuilt
 * when a source changes, built to a temp name and renamed so parallel test files never see half a library — and
 * drives it through its EMU_* exports (the same dlopen handle the plugin uses, so the same state).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import koffi from 'koffi';
import { WORK } from './hik-media.js';

const run = promisify(execFile);
const SRC = join(import.meta.dirname, '..', 'emulator');

/** Builds (if needed) and returns the directory holding `libhcnetsdk.so`. */
export async function buildEmulator(): Promise<string> {
  const sources = readdirSync(SRC).filter((f) => f.endsWith('.c') || f.endsWith('.h')).sort();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(join(SRC, f)));
  const dir = join(WORK, `emu-${hash.digest('hex').slice(0, 12)}`);
  const lib = join(dir, 'libhcnetsdk.so');
  if (existsSync(lib)) return dir;
  mkdirSync(join(dir, 'HCNetSDKCom'), { recursive: true });
  const tmp = join(dir, `.libhcnetsdk.${process.pid}.so`);
  await run('gcc', ['-shared', '-fPIC', '-pthread', '-O1', '-Wall', '-fvisibility=hidden', '-o', tmp,
    ...sources.filter((f) => f.endsWith('.c')).map((f) => join(SRC, f))]);
  renameSync(tmp, lib);
  return dir;
}

export interface EmuDevice {
  addr?: string;
  port: number;
  lockAfter?: number;
  lockSeconds?: number;
  startDChan?: number;
  ipChanNum?: number;
  serial?: string;
  users: { name: string; password: string }[];
  channels: { no: number; media?: string; ptz?: boolean; liveError?: number; playbackError?: number; seekError?: number; ptzError?: number }[];
}
export interface EmuRecord { channel: number; start: string; stop: string; file: string; name: string; size: number }
export interface EmuConfig {
  devices: EmuDevice[];
  records?: EmuRecord[];
  searchBusyFirst?: number;
  searchBusyEvery?: number;
  chunkMax?: number;
  ptzLog?: string;
}

/** The config file's text (format: test/emulator/README.md). Times `YYYY-MM-DD HH:mm:ss`. */
export function emulatorConfigText(c: EmuConfig): string {
  const t = (s: string) => s.replace(' ', 'T');
  const lines: string[] = [];
  lines.push(`option search_busy_first=${c.searchBusyFirst ?? 0} search_busy_every=${c.searchBusyEvery ?? 0} chunk_max=${c.chunkMax ?? 0}` +
    (c.ptzLog ? ` ptz_log=${c.ptzLog}` : ''));
  for (const d of c.devices) {
    lines.push(`device addr=${d.addr ?? '127.0.0.1'} port=${d.port} lock_after=${d.lockAfter ?? 0} lock_seconds=${d.lockSeconds ?? 1800} ` +
      `start_dchan=${d.startDChan ?? 33} ip_chan_num=${d.ipChanNum ?? 8} serial=${d.serial ?? 'EMU0123456789'}`);
    for (const u of d.users) lines.push(`user name=${u.name} password=${u.password}`);
    for (const ch of d.channels) {
      lines.push(`channel no=${ch.no}${ch.media ? ` media=${ch.media}` : ''} ptz=${ch.ptz ? 1 : 0} live_error=${ch.liveError ?? 0} ` +
        `playback_error=${ch.playbackError ?? 0} seek_error=${ch.seekError ?? 0} ptz_error=${ch.ptzError ?? 0}`);
    }
  }
  const recs = [...(c.records ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  for (const r of recs) lines.push(`record channel=${r.channel} start=${t(r.start)} stop=${t(r.stop)} file=${r.file} name=${r.name} size=${r.size}`);
  return `${lines.join('\n')}\n`;
}

/** The test's handle on the loaded emulator. */
export class Emulator {
  readonly libraryFile: string;
  private readonly fns;
  constructor(readonly dir: string) {
    this.libraryFile = join(dir, 'libhcnetsdk.so');
    const lib = koffi.load(this.libraryFile);
    this.fns = {
      load: lib.func('int EMU_LoadConfig(const char *path)'),
      get: lib.func('long EMU_Get(const char *name)'),
      drop: lib.func('int EMU_DropDevice(const char *addr, int port, int down_ms)'),
      pause: lib.func('int EMU_PauseChannel(const char *addr, int port, int channel, int paused)'),
      getString: lib.func('int EMU_GetString(const char *name, _Out_ char *out, int cap)'),
    };
  }
  configure(c: EmuConfig, file = join(WORK, `emu-config-${process.pid}-${Date.now()}.txt`)): void {
    writeFileSync(file, emulatorConfigText(c));
    try {
      if (this.fns.load(file) !== 1) throw new Error(`EMU_LoadConfig(${file}) refused (logins or sessions still open?)`);
    } finally {
      rmSync(file, { force: true }); // parsed at once
    }
  }
  get(name: string): number {
    return Number(this.fns.get(name));
  }
  /** Open SDK handles and registered data callbacks, for leak checks. */
  openHandles(): { logins: number; live: number; playback: number; searches: number; dataCallbacks: number } {
    return { logins: this.get('logins'), live: this.get('live'), playback: this.get('playback'), searches: this.get('searches'), dataCallbacks: this.get('data_callbacks') };
  }
  drop(port: number, downMs: number, addr = '127.0.0.1'): void {
    this.fns.drop(addr, port, downMs);
  }
  pause(port: number, channel: number, paused: boolean, addr = '127.0.0.1'): void {
    this.fns.pause(addr, port, channel, paused ? 1 : 0);
  }
  getString(name: string): string {
    const buf = Buffer.alloc(1024);
    this.fns.getString(name, buf, buf.length);
    return buf.toString('utf8').replace(/\0.*$/s, '');
  }
}
