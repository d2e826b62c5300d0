/**
 * The plugin conformance kit (`@nvr-pusher/core/conformance`, needs vitest): `sourceConformance` states the
 * source contract as tests, `loadPluginForTest` loads a plugin through the service's own loader, and
 * `RecordingOutput` records what a source writes.
 */
export * from './source-suite.js';
export * from './recording-output.js';
export * from './load-plugin.js';
