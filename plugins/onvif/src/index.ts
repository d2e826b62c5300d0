import { definePlugin } from '@nvr-pusher/core/contracts';
import { configSchema, type OnvifOptions } from './options.js';
import { OnvifSource } from './onvif-source.js';

export { OnvifSource } from './onvif-source.js';

/** Any ONVIF / RTSP camera or NVR without a vendor SDK (nvr_category 2 by default). */
export default definePlugin({
  name: 'onvif',
  apiVersion: 1,
  kind: 'source',
  categories: (o: OnvifOptions) => o.categories,
  capabilities: { live: true, playback: true, seek: true, ptz: true },
  configSchema,
  create: (ctx) => new OnvifSource(ctx),
});
