/** The SDK boundary: the `HikSdk` interface (domain-neutral) and its koffi-backed implementation. */
export * from './hik-sdk.js';
export { KoffiHikSdk } from './koffi-hik-sdk.js';
export { acquireHikSdk, releaseHikSdk } from './acquire.js';
export { hikErrorText, HikException } from './error-codes.js';
export { DataType } from './lib.js';
