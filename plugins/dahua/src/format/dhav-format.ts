/** The `dhav` container format this plugin registers (ffmpeg reads it as `-f dhav`). */
import type { ContainerFormat } from '@nvr-pusher/core/contracts';
import { DhavDemuxer } from './dhav-demuxer.js';

export const dhavFormat: ContainerFormat = {
  name: 'dhav',
  ffmpegFormat: 'dhav',
  createDemuxer: () => new DhavDemuxer(),
};
