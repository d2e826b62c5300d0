/** ffmpeg sink plugin: publishes each upstream with its own ffmpeg process (fluent-ffmpeg). */
import { definePlugin } from '@nvr-pusher/core/contracts';
import { configSchema, withDefaults, type FfmpegSinkOptions } from './config-schema.js';
import { findFfmpeg } from './ffmpeg-binary.js';
import { FfmpegSink } from './ffmpeg-sink.js';

export { FfmpegSink } from './ffmpeg-sink.js';
export { FfmpegSession, type SessionStats } from './ffmpeg-session.js';
export { findFfmpeg, locateFfmpeg, type FfmpegBinary } from './ffmpeg-binary.js';
export { configSchema, withDefaults, type FfmpegSinkOptions } from './config-schema.js';

export default definePlugin<FfmpegSinkOptions>({
  name: 'ffmpeg-sink',
  apiVersion: 1,
  kind: 'sink',
  configSchema,
  async create(ctx) {
    const options = withDefaults(ctx.options);
    const binary = await findFfmpeg(options.ffmpegPath);
    ctx.logger.info({ path: binary.path, source: binary.source, version: binary.version }, 'ffmpeg-sink: using ffmpeg');
    return new FfmpegSink(binary, options, ctx.logger, (s) => ctx.registerSecret(s));
  },
});
