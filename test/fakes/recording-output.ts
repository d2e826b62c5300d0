/** Moved into the core package's conformance kit (`@nvr-pusher/core/conformance`); kept for existing imports. */
export * from '../../core/conformance/recording-output.js';
