/** Builds the MPEG-PS fixtures from the elementary-stream fixtures with core/media's PsMuxer. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaFrame } from '../core/contracts/media.js';
import { AnnexBFramer, PsMuxer } from '../core/media/index.js';

/** First timestamp of the PS fixtures (ms): one hour in, like an NVR clock that did not start at 0. */
export const PS_FIXTURE_BASE_MS = 3_600_000;
/** G.711 PES size of the fixtures: 320 samples = 40 ms, as Hikvision sends it. */
export const G711_CHUNK = 320;

const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';

function videoFrames(file: string, codec: 'h264' | 'h265'): MediaFrame[] {
  const framer = new AnnexBFramer(codec, { frameRate: 25 });
  return [...framer.push(new Uint8Array(readFileSync(file))), ...framer.flush()];
}

/** Video AUs (dts order) and G.711 chunks interleaved by time, each as the muxer writes it. */
function muxInterleaved(video: MediaFrame[], codec: 'h264' | 'h265', audio?: { codec: 'pcma' | 'pcmu'; data: Uint8Array }): Uint8Array {
  const mux = new PsMuxer();
  const parts: Uint8Array[] = [];
  let a = 0;
  for (const f of video) {
    while (audio && a < audio.data.length && (a / 8) <= f.dts) {
      parts.push(mux.muxAudio(audio.codec, audio.data.subarray(a, a + G711_CHUNK), PS_FIXTURE_BASE_MS + a / 8));
      a += G711_CHUNK;
    }
    parts.push(mux.muxVideo(codec, f.data, PS_FIXTURE_BASE_MS + f.pts, PS_FIXTURE_BASE_MS + f.dts, f.key));
  }
  return Buffer.concat(parts);
}

/** PTS/DTS (ms) of each packet of an MP4 as ffprobe reports them, in decode order. */
function probeTimes(mp4: string): { pts: number; dts: number }[] {
  const out = execFileSync(FFPROBE, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,dts_time', '-of', 'json', mp4], {
    encoding: 'utf8',
  });
  return (JSON.parse(out).packets as { pts_time: string; dts_time: string }[]).map((p) => ({
    pts: Math.round(Number(p.pts_time) * 1000),
    dts: Math.round(Number(p.dts_time) * 1000),
  }));
}

/** Deterministic damage: IMKH-like header, flipped bytes, a lost run, inserted junk. */
function corrupt(ps: Uint8Array): Uint8Array {
  const head = Buffer.alloc(40);
  head.write('IMKH', 0, 'latin1');
  const body = Buffer.from(ps.subarray(0, 128 * 1024));
  for (let i = 5000; i < body.length; i += 9973) body[i] ^= 0x5a; // scattered bit errors
  const lossAt = 40_000;
  const junk = Buffer.from('000001e0ffff00000001deadbeef00000001ba', 'hex'); // a fake PES start, a fake pack start
  return Buffer.concat([head, body.subarray(0, lossAt), junk, body.subarray(lossAt + 3000)]);
}

export function makePsFixtures(out: string, bframesMp4: string): void {
  const h264 = videoFrames(join(out, 'h264-640x360-25fps.h264'), 'h264');
  const alaw = new Uint8Array(readFileSync(join(out, 'sine-440hz-8k.alaw')));
  const ps = muxInterleaved(h264, 'h264', { codec: 'pcma', data: alaw });
  writeFileSync(join(out, 'h264-pcma-640x360.ps'), ps);
  writeFileSync(join(out, 'h264-pcma-640x360.truncated.ps'), ps.subarray(0, 64 * 1024 + 123));
  writeFileSync(join(out, 'h264-pcma-640x360.corrupt.ps'), corrupt(ps));

  const h265 = videoFrames(join(out, 'h265-640x360-25fps.h265'), 'h265');
  writeFileSync(join(out, 'h265-640x360.ps'), muxInterleaved(h265, 'h265'));

  const bframes = videoFrames(join(out, 'h264-bframes-640x360.h264'), 'h264');
  const times = probeTimes(bframesMp4);
  if (times.length !== bframes.length) throw new Error(`B-frame fixture: ${bframes.length} AUs but ${times.length} MP4 packets`);
  const shifted = bframes.map((f, i) => ({ ...f, pts: times[i]!.pts - times[0]!.dts, dts: times[i]!.dts - times[0]!.dts }));
  writeFileSync(join(out, 'h264-bframes-640x360.ps'), muxInterleaved(shifted, 'h264'));
}
