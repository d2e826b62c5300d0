/** The source conformance kit moved into the core package (`@nvr-pusher/core/conformance`); kept for existing imports. */
export * from '../../core/conformance/source-suite.js';
