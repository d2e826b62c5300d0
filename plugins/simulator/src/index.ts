import { definePlugin } from '@nvr-pusher/core/contracts';
import { configSchema, type SimulatorOptions } from './options.js';
import { SimulatorSource } from './simulator-source.js';

export { SimulatorSource } from './simulator-source.js';
export type { PtzCall } from './simulator-source.js';

/** The simulator: a vendor-free source for demos, tests and benchmarks (nvr_category 99 by default). */
export default definePlugin({
  name: 'simulator',
  apiVersion: 1,
  kind: 'source',
  categories: (o: SimulatorOptions) => o.categories,
  capabilities: { live: true, playback: true, seek: true, ptz: true },
  configSchema,
  create: (ctx) => new SimulatorSource(ctx),
});
