/** Helpers for plugins that bind native SDKs with koffi (koffi's type registry is process-wide). */
export * from './typedef.js';
export { SdkThread } from './sdk-thread.js';
export { SdkThreadPool } from './sdk-thread-pool.js';
export { VendorCallError } from './sdk-thread-protocol.js';
export { serveSdkThread, type SdkMethods } from './sdk-thread-worker.js';
