import { definePlugin } from '@nvr-pusher/core/contracts';
import { createHikvisionSource } from './create-source.js';
import { hikPsFormat } from './format/hik-ps-format.js';
import { configSchema, type HikvisionOptions } from './options.js';

export { HikvisionSource, HikLogin } from './hikvision-source.js';
export type { HikvisionOptions } from './options.js';

/** Hikvision NVRs through the HCNetSDK (nvr_category 0 by default): live, playback with seek, PTZ. */
export default definePlugin({
  name: 'hikvision',
  apiVersion: 1,
  kind: 'source',
  categories: (o: HikvisionOptions) => o.categories,
  capabilities: { live: true, playback: true, seek: true, ptz: true },
  configSchema,
  formats: [hikPsFormat],
  create: (ctx) => createHikvisionSource(ctx),
});
