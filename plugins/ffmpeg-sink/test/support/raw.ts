/** NVR-like raw input: the fixtures muxed to IMKH + MPEG-PS (as a Hikvision source hands it over). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContainerFormat } from '@nvr-pusher/core/contracts';
import { FrameRemuxer } from '../../src/frame-remuxer.js';
import { frameLoop } from './media.js';

export const hikPs: ContainerFormat = {
  name: 'hik-ps',
  ffmpegFormat: 'mpeg',
  createDemuxer: () => { throw new Error('not used: the ffmpeg sink takes the raw bytes'); },
};

/** Endless IMKH + PS chunks, one per 40 ms tick (video frame + 40 ms G.711 A-law when `audio`). */
export function* rawPsLoop(audio: boolean): Generator<Uint8Array> {
  const mux = new FrameRemuxer();
  for (const frames of frameLoop(audio)) {
    const parts = frames.map((f) => mux.mux(f));
    yield Buffer.concat(parts);
  }
}

const FIXTURE_PS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/media/h264-pcma-640x360.ps');
/** Duration of the committed PS fixture (5 s of H.264 + G.711 A-law, no IMKH block). */
const FIXTURE_MS = 5000;

export const hasPsFixture = (): boolean => fs.existsSync(FIXTURE_PS);

/**
 * The committed `fixtures/media/h264-pcma-640x360.ps` (PsMuxer output, *without* the IMKH block), looped, in
 * chunks of 40 ms worth of bytes: arbitrary cuts, as an SDK callback delivers them.
 */
export function* fixturePsLoop(): Generator<Uint8Array> {
  const data = fs.readFileSync(FIXTURE_PS);
  const chunk = Math.ceil(data.length / (FIXTURE_MS / 40));
  for (;;) for (let at = 0; at < data.length; at += chunk) yield data.subarray(at, at + chunk);
}
