/** The contracts between the core and its plugins. Plugins import only this module and `core/media`. */
export * from './errors.js';
export * from './time.js';
export * from './media.js';
export * from './nvr-source.js';
export * from './stream-sink.js';
export * from './plugin.js';
