/**
 * The `hik-ps` container: the 40-byte IMKH header then MPEG-PS. The shared `PsDemuxer` resyncs on pack start
 * codes, so the header is skipped; ffmpeg's `mpeg` demuxer needs it first to map PSM types 0x90/0x91 to G.711
 * (vendor notes §7.1).
 */
import type { ContainerFormat } from '@nvr-pusher/core/contracts';
import { PsDemuxer } from '@nvr-pusher/core/media';

export const hikPsFormat: ContainerFormat = {
  name: 'hik-ps',
  ffmpegFormat: 'mpeg',
  createDemuxer: () => new PsDemuxer(),
};
