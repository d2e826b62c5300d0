/**
 * The scheduler's clock: monotonic milliseconds (`performance.now()`), immune to wall-clock steps (NTP, manual
 * changes, VM resume). Every deadline of the core — heartbeats, login grace and back-off, silence, re-publish
 * back-off — is measured on it; timers (`setTimeout`, PTZ durations) already run on libuv's monotonic clock.
 * The composition root registers one instance (TOKENS.Clock) and hands the same `now` to the scheduler and plugins.
 */
export const monotonicNow = (): number => performance.now();
