/** AAC-LC encoding of G.711 audio: pure format code (no I/O). */
export * from './g711.js';
export * from './aac-encoder.js';
export * from './g711-aac-transcoder.js';
export { SUPPORTED_SAMPLE_RATES as SUPPORTED_AAC_SAMPLE_RATES } from './bands.js';
