/** Pure media helpers shared by plugins: no I/O, no timers, nothing from core's runtime. */
export * from './format-error.js';
export * from './byte-reader.js';
export * from './annexb.js';
export * from './bit-reader.js';
export * from './h264-sps.js';
export * from './h265-sps.js';
export * from './limits.js';
export * from './video-track-tracker.js';
export * from './access-unit-boundary.js';
export * from './access-unit-assembler.js';
export * from './annexb-splitter.js';
export * from './access-unit-framer.js';
