/** The plugin's options (`plugins[].options` of the entry naming ./plugins/dahua), as a convict fragment. */
import type { ConfigSchema } from '@nvr-pusher/core/contracts';

export interface DahuaOptions {
  categories: number[];
  sdkPath: string;
  libraryName: string;
  connectTimeoutMs: number;
  connectTries: number;
  sdkThreads: number;
  autoReconnect: boolean;
  streamType: 'main' | 'sub';
  channelBase: number;
  ptzSpeed: number;
  unavailable: 'fail' | 'degrade';
  dumpRaw: string;
}

const intList = (name: string) => (v: unknown): void => {
  if (!Array.isArray(v) || v.length === 0 || !v.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(`${name} must be a non-empty list of non-negative integers`);
};

export const configSchema: ConfigSchema = {
  categories: { doc: 'nvr_category numbers this plugin serves (API.md: 1 = Dahua).', format: intList('categories'), default: [1] },
  sdkPath: { doc: 'Directory holding the Dahua NetSDK libraries (libdhnetsdk.so and companions; dhnetsdk.dll on Windows). Relative paths resolve against the config file.', format: String, default: '' },
  libraryName: { doc: 'File name of the main SDK library inside sdkPath.', format: String, default: process.platform === 'win32' ? 'dhnetsdk.dll' : 'libdhnetsdk.so' },
  connectTimeoutMs: { doc: 'CLIENT_SetConnectTime wait per connection attempt, ms.', format: 'nat', default: 3000 },
  connectTries: { doc: 'CLIENT_SetConnectTime attempts.', format: 'nat', default: 1 },
  sdkThreads: {
    doc: 'Most threads making the blocking SDK calls (one at start, another when all are busy; each reads its own CLIENT_GetLastError). A login to a silent device holds one for connectTimeoutMs; the others serve other devices meanwhile.',
    format: (v: unknown) => { if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 64) throw new Error('sdkThreads must be 1..64'); }, default: 4,
  },
  autoReconnect: { doc: 'Let the SDK reconnect lost logins itself (CLIENT_SetAutoReconnect); live streams resume on the same rtmp_url.', format: Boolean, default: true },
  streamType: { doc: 'Live stream: main (DH_RType_Realplay) or sub (DH_RType_Realplay_1).', format: ['main', 'sub'], default: 'main' },
  channelBase: {
    doc: 'The number the NVR UI gives its first channel. nvr_channel N is SDK channel N - channelBase (the SDK counts from 0). Default 1: channel "1" in the UI is SDK channel 0.',
    format: 'nat', default: 1,
  },
  ptzSpeed: { doc: 'PTZ speed passed to CLIENT_DHPTZControlEx2, 1 (slow) to 8 (fast).', format: (v: unknown) => { if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 8) throw new Error('ptzSpeed must be 1..8'); }, default: 4 },
  unavailable: {
    doc: 'When the SDK library cannot be loaded: fail = refuse to start; degrade = start, and answer every Dahua request with 606 naming the problem.',
    format: ['fail', 'degrade'], default: 'fail',
  },
  dumpRaw: { doc: 'If set, a directory (relative to the config file) where the raw SDK callback payloads of every session are written (fixture capture). Empty: off.', format: String, default: '' },
};
