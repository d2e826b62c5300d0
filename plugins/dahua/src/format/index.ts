/** Pure DHAV byte code (no I/O). */
export * from './dhav-frame.js';
export * from './dhav-extensions.js';
export * from './dhav-framer.js';
export * from './dhav-clock.js';
export * from './dhav-demuxer.js';
export * from './dhav-format.js';
export * from './aac-config.js';
