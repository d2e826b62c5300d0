/** ffmpeg sink plugin: publishes each upstream with its own ffmpeg process (fluent-ffmpeg). */
import path from 'node:path';
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
    // A relative ffmpegPath resolves against the config file's directory, like every path in the config.
    if (options.ffmpegPath && !path.isAbsolute(options.ffmpegPath)) options.ffmpegPath = path.resolve(ctx.baseDir, options.ffmpegPath);
    const binary = await findFfmpeg(options.ffmpegPath);
    ctx.logger.info({ path: binary.path, source: binary.source, version: binary.version }, 'ffmpeg-sink: using ffmpeg');
    if (binary.major !== undefined && binary.major < 5) {
      // Loaded but not the selected sink: it publishes nothing, so its tool's age is no operator's concern.
      const log = ctx.selected === false ? ctx.logger.debug.bind(ctx.logger) : ctx.logger.warn.bind(ctx.logger);
      // Measured with the npm-shipped 4.1 static build: piped PS that starts with "IMKH" is probed until EOF,
      // so a live session would never publish. See README "Binary lookup".
      log({ path: binary.path, version: binary.version }, 'ffmpeg-sink: this ffmpeg is older than 5; live publishing of piped PS needs ffmpeg 5 or later');
    }
    return new FfmpegSink(binary, options, ctx.logger, (s) => ctx.registerSecret(s));
  },
});
