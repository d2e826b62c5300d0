/** Pure media helpers shared by plugins: no I/O, no timers, nothing from core's runtime. */
export * from './format-error.js';
export * from './byte-reader.js';
export * from './annexb.js';
