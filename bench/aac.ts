/**
 * AAC encoder CPU: G.711 → AAC-LC in process, per 8 kHz mono stream. Encodes the committed speech and tone
 * fixtures (looped to `--seconds` of audio, 40 ms G.711 frames as the simulator sends) through G711AacTranscoder
 * and reports encode time per second of audio = % of one core per stream, next to ffmpeg decoding + encoding the
 * same audio (`-c:a aac`, one process per stream as the ffmpeg sink would) measured the same way, in one run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { G711AacTranscoder } from '../core/media/index.js';
import type { Args } from './lib/args.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/media');

function encodeSeconds(g711: Uint8Array, seconds: number): { cpuMs: number; bytes: number } {
  const t = new G711AacTranscoder('pcma');
  const frame = 320;
  const frames = Math.floor((seconds * 8000) / frame);
  let bytes = 0;
  const u0 = process.cpuUsage();
  for (let i = 0; i < frames; i++) {
    const off = (i * frame) % (g711.length - frame);
    for (const f of t.push(g711.subarray(off, off + frame), i * 40)) bytes += f.data.length;
  }
  const u = process.cpuUsage(u0);
  return { cpuMs: (u.user + u.system) / 1000, bytes };
}

/** CPU of one ffmpeg process transcoding the same audio (read from /proc/self/stat's reaped-children times). */
function ffmpegSeconds(file: string, seconds: number): number {
  childCpuMs();
  execFileSync('ffmpeg', ['-v', 'error', '-stream_loop', '-1', '-f', 'alaw', '-ar', '8000', '-ac', '1', '-i', file, '-t', String(seconds), '-c:a', 'aac', '-b:a', '24k', '-f', 'adts', '-y', '/dev/null']);
  return childCpuMs();
}

let lastChildTicks = 0;
function childCpuMs(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(f[13]) + Number(f[14]); // cutime, cstime (fields 16, 17)
  const d = ticks - lastChildTicks;
  lastChildTicks = ticks;
  return d * 10; // USER_HZ = 100
}

export async function runAac(args: Args): Promise<void> {
  const seconds = args.num('seconds', 600);
  console.log(`## AAC encoder (G.711 → AAC-LC, 8 kHz mono), ${seconds} s of audio per fixture\n`);
  console.log('| input | encode CPU | per second of audio | % of one core per stream | bit rate | ffmpeg process (decode + aac) | ffmpeg ÷ ours |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const name of ['speech-8k.alaw', 'sine-440hz-8k.alaw']) {
    const file = path.join(FIXTURES, name);
    const g711 = fs.readFileSync(file);
    encodeSeconds(g711, 30); // warm-up (JIT)
    const { cpuMs, bytes } = encodeSeconds(g711, seconds);
    const perSecond = cpuMs / seconds;
    const ff = ffmpegSeconds(file, seconds) / seconds;
    console.log(`| ${name} | ${cpuMs.toFixed(0)} ms | ${perSecond.toFixed(3)} ms | ${(perSecond / 10).toFixed(3)} % | ${((bytes * 8) / seconds / 1000).toFixed(1)} kb/s | ${ff.toFixed(3)} ms/s | ${(ff / perSecond).toFixed(1)}× |`);
  }
}
