/** The DhSdk used when the library could not be loaded and `unavailable: 'degrade'`: every call fails with the reason. */
import type { DhSdk } from './sdk/index.js';

export function unavailableSdk(reason: string): DhSdk {
  const fail = (): never => {
    throw new Error(`Dahua SDK not available: ${reason}`);
  };
  return {
    registeredCallbacks: 0,
    init: async () => fail(),
    login: async () => fail(),
    logout: async () => {},
    startLive: async () => fail(),
    stopLive: async () => {},
    findRecords: async () => fail(),
    startPlayback: async () => fail(),
    seekPlayback: async () => fail(),
    stopPlayback: async () => {},
    ptz: async () => fail(),
    cleanup: async () => {},
  };
}
