import { definePlugin } from '@nvr-pusher/core/contracts';
import { AcmeSource } from './acme-source.js';
import { configSchema, type AcmeOptions } from './options.js';

/** The manifest the service loads (`plugins: [{ module: '/path/to/this/folder', options: {...} }]`). */
export default definePlugin({
  name: 'acme',
  apiVersion: 1,
  kind: 'source',
  categories: (o: AcmeOptions) => [o.category],
  capabilities: { live: true },
  configSchema,
  create: (ctx) => new AcmeSource(ctx.options as AcmeOptions, ctx.logger),
});
