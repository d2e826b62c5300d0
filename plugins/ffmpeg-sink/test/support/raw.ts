/** NVR-like raw input: the fixtures muxed to IMKH + MPEG-PS (as a Hikvision source hands it over). */
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
