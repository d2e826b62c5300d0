/**
 * The `sdk-feed` scenario's source: the HCNetSDK emulator (plugins/hikvision/test/emulator, gcc, built here with
 * room for 1024 sessions) scripted with one device of N channels that all play a 4 Mb/s IMKH + MPEG-PS file, paced
 * by its pack SCRs from the emulator's own threads. The pusher's emulator reads the script from EMU_CONFIG at
 * NET_DVR_Init.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AnnexBFramer, PsMuxer } from '../../core/media/index.js';
import { emulatorConfigText } from '../../plugins/hikvision/test/support/emulator.js';
import { imkhHeader } from '../../plugins/hikvision/test/support/hik-media.js';
import { benchClip } from './media.js';
import { REPO_ROOT, WORK_DIR } from './paths.js';

const SRC = path.join(REPO_ROOT, 'plugins/hikvision/test/emulator');
export const EMU_PORT = 8000;
export const EMU_FIRST_CHANNEL = 33;

/** Builds the emulator with -DEMU_MAX=1024 under bench/.work (rebuilt when a source changes). */
export function buildBenchEmulator(): string {
  const sources = fs.readdirSync(SRC).filter((f) => f.endsWith('.c') || f.endsWith('.h')).sort();
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(fs.readFileSync(path.join(SRC, f)));
  const dir = path.join(WORK_DIR, `emu-1024-${hash.digest('hex').slice(0, 12)}`);
  const lib = path.join(dir, 'libhcnetsdk.so');
  if (fs.existsSync(lib)) return dir;
  fs.mkdirSync(path.join(dir, 'HCNetSDKCom'), { recursive: true });
  execFileSync('gcc', ['-shared', '-fPIC', '-pthread', '-O2', '-Wall', '-fvisibility=hidden', '-DEMU_MAX=1024', '-o', `${lib}.tmp`,
    ...sources.filter((f) => f.endsWith('.c')).map((f) => path.join(SRC, f))]);
  fs.renameSync(`${lib}.tmp`, lib);
  return dir;
}

/** The bench clip (1280x720 25 fps, `mbps`) as a device sends it: IMKH header + MPEG-PS (core PsMuxer), video only. */
export function benchHikMedia(mbps: number): { file: string; actualMbps: number } {
  const clip = benchClip(mbps);
  const file = clip.file.replace(/\.h264$/, '.hikps');
  if (!fs.existsSync(file)) {
    const framer = new AnnexBFramer('h264', { frameRate: 25 });
    const frames = [...framer.push(new Uint8Array(fs.readFileSync(clip.file))), ...framer.flush()];
    const mux = new PsMuxer();
    const parts: Uint8Array[] = [imkhHeader()];
    for (const f of frames) parts.push(mux.muxVideo('h264', f.data, 3_600_000 + f.pts, 3_600_000 + f.dts, f.key));
    fs.writeFileSync(`${file}.tmp`, Buffer.concat(parts));
    fs.renameSync(`${file}.tmp`, file);
  }
  return { file, actualMbps: clip.actualMbps };
}

/** Writes the emulator config for `channels` channels on one device; returns its path. */
export function writeEmuConfig(channels: number, media: string): string {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const file = path.join(WORK_DIR, `emu-config-${channels}.txt`);
  fs.writeFileSync(file, emulatorConfigText({
    devices: [{
      port: EMU_PORT, ipChanNum: channels, startDChan: EMU_FIRST_CHANNEL, users: [{ name: 'admin', password: 'bench' }],
      channels: Array.from({ length: channels }, (_, i) => ({ no: EMU_FIRST_CHANNEL + i, media })),
    }],
  }));
  return file;
}

/** A live request for the `i`-th emulator channel (i from 1). */
export function hikLiveRequest(i: number) {
  return { nvr_category: 0, nvr_addr: '127.0.0.1', nvr_port: EMU_PORT, nvr_user: 'admin', nvr_pwd: 'bench', nvr_channel: EMU_FIRST_CHANNEL + i - 1 };
}
