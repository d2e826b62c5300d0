import convict from 'convict';
import {
  PLUGIN_API_VERSION,
  type Clock, type Logger, type PluginContext, type PluginManifest, type SinkPluginManifest, type SourcePluginManifest,
} from '@nvr-pusher/core/contracts';
import type { PluginEntry } from '../config/schema.js';
import type { SecretRegistry } from '../logging/secrets.js';
import { FormatRegistry } from './format-registry.js';
import { PluginRegistry, type LoadedSource } from './plugin-registry.js';
import { packageVersionOf, resolvePluginModule } from './resolve-module.js';

/** Startup failure caused by a plugin; the message names the plugin and what is wrong. */
export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

export interface LoaderDeps {
  baseDir: string;
  logger: Logger;
  clock: Clock;
  secrets: SecretRegistry;
  /** The config's `sink`: that sink plugin gets `ctx.selected`. */
  selectedSink?: string;
}

function validateOptions(m: PluginManifest, options: Record<string, unknown>): Record<string, unknown> {
  if (!m.configSchema) {
    if (Object.keys(options).length) throw new PluginLoadError(`plugin '${m.name}' takes no options, got: ${Object.keys(options).join(', ')}`);
    return {};
  }
  try {
    const conf = convict(m.configSchema as any, { args: [] });
    conf.load(options);
    conf.validate({ allowed: 'strict' });
    return conf.getProperties() as Record<string, unknown>;
  } catch (e) {
    throw new PluginLoadError(`plugin '${m.name}' options are invalid: ${(e as Error).message}`);
  }
}

function checkManifest(m: unknown, label: string): asserts m is PluginManifest {
  const x = m as Partial<PluginManifest> | undefined;
  if (!x || typeof x !== 'object') throw new PluginLoadError(`plugin ${label} has no default export (expected export default definePlugin({...}))`);
  if (typeof x.name !== 'string' || !x.name) throw new PluginLoadError(`plugin ${label}: manifest has no name`);
  if (x.apiVersion !== PLUGIN_API_VERSION)
    throw new PluginLoadError(`plugin '${x.name}' needs plugin API version ${String(x.apiVersion)}; this core implements ${PLUGIN_API_VERSION}`);
  if (x.kind !== 'source' && x.kind !== 'sink') throw new PluginLoadError(`plugin '${x.name}': kind must be 'source' or 'sink', got ${String(x.kind)}`);
  if (typeof x.create !== 'function') throw new PluginLoadError(`plugin '${x.name}': manifest has no create(ctx) function`);
}

const REQUIRED_SOURCE_METHODS: Record<string, string[]> = {
  live: ['login', 'logout', 'openLive'],
  playback: ['findRecords', 'openPlayback'],
  ptz: ['ptz'],
};

function checkMethods(name: string, obj: object, capability: string, methods: string[]): void {
  const missing = methods.filter((k) => typeof (obj as Record<string, unknown>)[k] !== 'function');
  if (missing.length) throw new PluginLoadError(`plugin '${name}' declares capability '${capability}' but its source lacks ${missing.join(', ')}()`);
}

async function importManifest(entry: PluginEntry, baseDir: string): Promise<{ manifest: PluginManifest; version?: string }> {
  const label = `'${entry.module}'`;
  let mod: { default?: unknown };
  let url: string;
  try {
    url = resolvePluginModule(entry.module, baseDir);
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    throw new PluginLoadError(`plugin ${label} cannot be imported: ${(e as Error).message}`);
  }
  const manifest = mod.default;
  checkManifest(manifest, label);
  return { manifest, version: packageVersionOf(url) };
}

/**
 * Loads the plugins named in config and builds the registry, in two passes: first every listed plugin is
 * imported, its options validated and its container formats registered; then each plugin is created, in config
 * order. So a source may play a format another plugin brings whatever their order in the list. Fails fast on the
 * first problem: a silently missing vendor would later surface as a puzzling 600.
 */
export async function loadPlugins(entries: readonly PluginEntry[], deps: LoaderDeps): Promise<PluginRegistry> {
  const registry = new PluginRegistry(new FormatRegistry());
  try {
    const listed = await importAll(entries, deps.baseDir);
    for (const { manifest: m } of listed) {
      for (const f of m.formats ?? []) {
        try {
          registry.formats.register(f, m.name);
        } catch (e) {
          throw new PluginLoadError((e as Error).message);
        }
      }
    }
    for (const { manifest: m, options, version } of listed) {
      const logger = deps.logger.child({ plugin: m.name });
      const ctx: PluginContext = {
        options, logger, clock: deps.clock, formats: registry.formats, baseDir: deps.baseDir,
        registerSecret: (s) => deps.secrets.add(s),
        ...(m.kind === 'sink' ? { selected: m.name === deps.selectedSink } : {}),
      };
      if (m.kind === 'source') await addSource(registry, m, ctx, options, version);
      else await addSink(registry, m, ctx, version);
      logger.info({ kind: m.kind, version }, `plugin '${m.name}' loaded`);
    }
  } catch (e) {
    await registry.dispose(() => undefined);
    throw e;
  }
  return registry;
}

/** Pass one: every enabled entry imported, checked and its options validated, before anything is created. */
interface ListedPlugin {
  manifest: PluginManifest;
  options: Record<string, unknown>;
  /** The plugin package's version (its package.json), when it has one. */
  version?: string;
}

async function importAll(entries: readonly PluginEntry[], baseDir: string): Promise<ListedPlugin[]> {
  const listed: ListedPlugin[] = [];
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.enabled === false) continue;
    const { manifest, version } = await importManifest(entry, baseDir);
    if (names.has(manifest.name)) throw new PluginLoadError(`plugin '${manifest.name}' is listed twice`);
    names.add(manifest.name);
    listed.push({ manifest, options: validateOptions(manifest, entry.options ?? {}), version });
  }
  return listed;
}

async function create<T>(m: PluginManifest, ctx: PluginContext): Promise<T> {
  try {
    return (await m.create(ctx as never)) as T;
  } catch (e) {
    throw new PluginLoadError(`plugin '${m.name}' failed to start: ${(e as Error).message}`);
  }
}

async function addSource(registry: PluginRegistry, m: SourcePluginManifest, ctx: PluginContext, options: Record<string, unknown>, version?: string): Promise<void> {
  const categories = typeof m.categories === 'function' ? m.categories(options) : m.categories;
  if (!Array.isArray(categories) || !categories.length || !categories.every((c) => Number.isInteger(c) && c >= 0))
    throw new PluginLoadError(`plugin '${m.name}' must declare its nvr_category numbers (non-negative integers)`);
  for (const c of categories) {
    const owner = registry.sources.get(c);
    if (owner) throw new PluginLoadError(`plugin '${m.name}' declares nvr_category ${c}, already served by '${owner.name}'`);
  }
  const caps = m.capabilities ?? { live: true };
  if (caps.seek && !caps.playback) throw new PluginLoadError(`plugin '${m.name}' declares capability 'seek' without 'playback'`);
  const source = await create<LoadedSource['source']>(m, ctx);
  for (const [cap, methods] of Object.entries(REQUIRED_SOURCE_METHODS)) {
    if (cap === 'live' || caps[cap as keyof typeof caps]) checkMethods(m.name, source, cap, methods);
  }
  const loaded: LoadedSource = { name: m.name, version, categories, capabilities: caps, source };
  registry.loaded.push(loaded);
  for (const c of categories) registry.sources.set(c, loaded);
}

async function addSink(registry: PluginRegistry, m: SinkPluginManifest, ctx: PluginContext, version?: string): Promise<void> {
  const sink = await create<import('@nvr-pusher/core/contracts').StreamSink>(m, ctx);
  if (typeof sink?.open !== 'function') throw new PluginLoadError(`plugin '${m.name}': create() must return a sink with open()`);
  const loaded = { name: m.name, version, sink };
  registry.loaded.push(loaded);
  registry.sinks.set(m.name, loaded);
}
