import type { NvrSource, PlaybackSource, PtzSource, SourceCapabilities, StreamSink } from '@nvr-pusher/core/contracts';
import type { FormatRegistry } from './format-registry.js';

/** A loaded source plugin. */
export interface LoadedSource {
  readonly name: string;
  /** From the plugin's package.json, when it has one. */
  readonly version?: string;
  readonly categories: readonly number[];
  readonly capabilities: SourceCapabilities;
  readonly source: NvrSource & Partial<PlaybackSource> & Partial<PtzSource>;
}

export interface LoadedSink {
  readonly name: string;
  readonly version?: string;
  readonly sink: StreamSink;
}

/** What the loader built: sources by category, sinks by name, formats. An instance, never a module global. */
export class PluginRegistry {
  readonly sources = new Map<number, LoadedSource>();
  readonly sinks = new Map<string, LoadedSink>();
  /** Every plugin in load order (for orderly disposal in reverse). */
  readonly loaded: Array<LoadedSource | LoadedSink> = [];

  constructor(readonly formats: FormatRegistry) {}

  sourceFor(category: number): LoadedSource | undefined {
    return this.sources.get(category);
  }

  /** Disposes every plugin, last loaded first. Never throws. */
  async dispose(onError: (name: string, e: unknown) => void): Promise<void> {
    for (const p of [...this.loaded].reverse()) {
      const target = 'source' in p ? p.source : p.sink;
      try {
        await target.dispose?.();
      } catch (e) {
        onError(p.name, e);
      }
    }
  }
}
