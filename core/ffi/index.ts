/** Helpers for plugins that bind native SDKs with koffi (koffi's type registry is process-wide). */
export * from './typedef.js';
