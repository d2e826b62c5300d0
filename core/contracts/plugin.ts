import type { ContainerFormat } from './media.js';
import type { NvrSource, PlaybackSource, PtzSource } from './nvr-source.js';
import type { StreamSink } from './stream-sink.js';

/** The plugin API version this core implements. A plugin declaring another one is refused at startup. */
export const PLUGIN_API_VERSION = 1;

/** A pino-compatible logger (what plugins log through; secrets are redacted by the core). */
export interface Logger {
  trace(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  fatal(obj: unknown, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Time source (tests use a fake one). */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Looks up container formats registered by any loaded plugin (and core's built-ins). */
export interface FormatLookup {
  get(name: string): ContainerFormat | undefined;
}

/** What `create(ctx)` receives. Plain data: plugins never see the DI container. */
export interface PluginContext<Options = Record<string, unknown>> {
  /** The plugin's own options (`plugins[].options`), validated against its `configSchema`. */
  readonly options: Options;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly formats: FormatLookup;
  /** Registers a secret so that the logger masks it wherever it appears. */
  registerSecret(secret: string): void;
  /** Directory relative paths in options resolve against (the config file's directory). */
  readonly baseDir: string;
  /**
   * Sink plugins: whether the config's `sink` names this plugin. A sink that is loaded but not selected publishes
   * nothing, so it keeps its warnings (e.g. about its tools) to debug level.
   */
  readonly selected?: boolean;
}

/** A convict schema fragment (`{ key: { doc, format, default, env?, sensitive? } }`). */
export type ConfigSchema = Record<string, unknown>;

export interface SourceCapabilities {
  readonly live: true;
  readonly playback?: boolean;
  readonly seek?: boolean;
  readonly ptz?: boolean;
}

/** The source type a manifest's capabilities require `create()` to return. */
export type SourceFor<C extends SourceCapabilities> = NvrSource &
  (C extends { playback: true } ? PlaybackSource : unknown) &
  (C extends { ptz: true } ? PtzSource : unknown);

interface ManifestBase<Options> {
  /** Unique plugin name; its config lives at `plugins[].options` of the entry naming it. */
  readonly name: string;
  /** Must equal {@link PLUGIN_API_VERSION}. */
  readonly apiVersion: number;
  /** Validates `options` (convict). Unknown keys are refused. */
  readonly configSchema?: ConfigSchema;
  /** Container formats this plugin owns (e.g. `dhav`), made available to every sink. */
  readonly formats?: readonly ContainerFormat[];
  /** Options are typed by the plugin. */
  readonly __options?: Options;
}

export interface SourcePluginManifest<C extends SourceCapabilities = SourceCapabilities, Options = any> extends ManifestBase<Options> {
  readonly kind: 'source';
  /** `nvr_category` numbers served; a function when they come from options. */
  readonly categories: readonly number[] | ((options: Options) => readonly number[]);
  readonly capabilities: C;
  /** Builds the source. Called once at startup, in config order. */
  create(ctx: PluginContext<Options>): SourceFor<C> | Promise<SourceFor<C>>;
}

export interface SinkPluginManifest<Options = any> extends ManifestBase<Options> {
  readonly kind: 'sink';
  create(ctx: PluginContext<Options>): StreamSink | Promise<StreamSink>;
}

export type PluginManifest = SourcePluginManifest<SourceCapabilities, any> | SinkPluginManifest<any>;

/** Identity function that gives a plugin's default export its type. */
export function definePlugin<C extends SourceCapabilities, Options>(m: SourcePluginManifest<C, Options>): SourcePluginManifest<C, Options>;
export function definePlugin<Options>(m: SinkPluginManifest<Options>): SinkPluginManifest<Options>;
export function definePlugin(m: PluginManifest): PluginManifest {
  return m;
}
