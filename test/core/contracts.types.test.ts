/**
 * Type tests of the plugin contracts (fastify's *.tst.ts idea). The `@ts-expect-error` lines are checked by
 * `npm run typecheck` (CI): if a contract loosens, they stop being errors and the type check fails.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  definePlugin,
  type NvrSource, type PlaybackSource, type PtzSource, type SinkPluginManifest, type SourceFor, type StreamSink,
} from '@nvr-pusher/core/contracts';

const base: NvrSource = {
  login: async () => ({ id: 'x' }),
  logout: async () => undefined,
  openLive: async () => ({ close: async () => undefined }),
};

describe('plugin contract types', () => {
  it('capabilities decide what create() must return', () => {
    expectTypeOf<SourceFor<{ live: true }>>().toMatchTypeOf<NvrSource>();
    expectTypeOf<SourceFor<{ live: true; ptz: true }>>().toMatchTypeOf<PtzSource>();
    expectTypeOf<SourceFor<{ live: true; playback: true }>>().toMatchTypeOf<PlaybackSource>();
    // A source declaring ptz must have ptz():
    // @ts-expect-error ptz is missing
    definePlugin({ name: 'p', apiVersion: 1, kind: 'source', categories: [1], capabilities: { live: true, ptz: true }, create: () => base });
    // A source declaring playback must have findRecords/openPlayback:
    // @ts-expect-error playback methods are missing
    definePlugin({ name: 'p', apiVersion: 1, kind: 'source', categories: [1], capabilities: { live: true, playback: true }, create: () => base });
  });

  it('a manifest needs create(), and live is not optional', () => {
    // @ts-expect-error create is missing
    definePlugin({ name: 'p', apiVersion: 1, kind: 'source', categories: [1], capabilities: { live: true } });
    // @ts-expect-error live must be true
    definePlugin({ name: 'p', apiVersion: 1, kind: 'source', categories: [1], capabilities: { live: false }, create: () => base });
    const sink = definePlugin({ name: 's', apiVersion: 1, kind: 'sink', create: (): StreamSink => ({ open: () => { throw new Error('x'); } }) });
    expectTypeOf(sink).toMatchTypeOf<SinkPluginManifest>();
  });
});
