import { SecretRegistry } from '../logging/secrets.js';
import { loadPlugins } from '../plugins/plugin-loader.js';
import type { FormatLookup, Logger, NvrSource, PlaybackSource, PtzSource, StreamSink } from '@nvr-pusher/core/contracts';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

export interface LoadedForTest {
  /** The source serving `category` (undefined for a sink plugin). */
  sourceFor(category: number): (NvrSource & Partial<PlaybackSource> & Partial<PtzSource>) | undefined;
  sink(name: string): StreamSink | undefined;
  /** Core's built-in formats plus those the plugin registers. */
  readonly formats: FormatLookup;
  dispose(): Promise<void>;
}

/**
 * Loads one plugin the way the service does (same loader: manifest checks, options validated against the
 * plugin's schema, formats registered), for conformance tests. `module` is a path (resolved against `baseDir`,
 * default the working directory) or a package name.
 */
export async function loadPluginForTest(module: string, options: Record<string, unknown> = {}, baseDir = process.cwd(), logger: Logger = silent): Promise<LoadedForTest> {
  const reg = await loadPlugins([{ module, options }], { baseDir, logger, clock: { now: () => performance.now() }, secrets: new SecretRegistry() });
  return {
    sourceFor: (c) => reg.sourceFor(c)?.source,
    sink: (n) => reg.sinks.get(n)?.sink,
    formats: reg.formats,
    dispose: () => reg.dispose(() => undefined),
  };
}
