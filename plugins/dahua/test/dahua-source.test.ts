// The adapter against a scripted DhSdk double: abort handling and cleanup the emulator cannot force.
import { describe, expect, it } from 'vitest';
import type { MediaOutput } from '@nvr-pusher/core/contracts';
import { DahuaSource } from '../src/dahua-source.js';
import type { DhConnectionEvents, DhSdk } from '../src/sdk/index.js';
import { RecordingOutput, silentLogger } from './emulator/harness.js';

function fakeSdk(calls: string[], hooks: { onLogin?: () => void; onLive?: () => void } = {}): DhSdk & { events?: DhConnectionEvents } {
  const sdk: DhSdk & { events?: DhConnectionEvents } = {
    registeredCallbacks: 0,
    init: async (events) => { sdk.events = events; calls.push('init'); },
    login: async () => { calls.push('login'); hooks.onLogin?.(); return { handle: 7n, channels: 4, serial: 'X' }; },
    logout: async (h) => { calls.push(`logout ${h}`); },
    startLive: async (_l, ch, sub) => { calls.push(`live ${ch} ${sub}`); hooks.onLive?.(); return 42n; },
    stopLive: async (h) => { calls.push(`stopLive ${h}`); },
    findRecords: async () => [],
    startPlayback: async () => 43n,
    seekPlayback: async () => {},
    stopPlayback: async (h) => { calls.push(`stopPlayback ${h}`); },
    ptz: async () => {},
    cleanup: async () => { calls.push('cleanup'); },
  };
  return sdk;
}

const opts = { connectTimeoutMs: 100, connectTries: 1, autoReconnect: true, streamType: 'sub' as const, channelBase: 1, ptzSpeed: 4, dumpRaw: '' };
const creds = { category: 1, addr: '10.1.1.1', port: 37777, user: 'u', password: 'p' };

describe('DahuaSource (scripted SDK double)', () => {
  it('a login that completes after its signal was aborted is logged out and rejects with the abort reason', async () => {
    const calls: string[] = [];
    const ac = new AbortController();
    const src = new DahuaSource(fakeSdk(calls, { onLogin: () => ac.abort(new Error('request gone')) }), opts, silentLogger);
    await expect(src.login(creds, ac.signal)).rejects.toThrow('request gone');
    expect(calls).toEqual(['init', 'login', 'logout 7']);
  });

  it('a live play accepted after its signal was aborted is stopped again; sub stream is requested when configured', async () => {
    const calls: string[] = [];
    const ac = new AbortController();
    const src = new DahuaSource(fakeSdk(calls, { onLive: () => ac.abort(new Error('gone')) }), opts, silentLogger);
    const login = await src.login(creds, new AbortController().signal);
    await expect(src.openLive(login, 2, new RecordingOutput(), ac.signal)).rejects.toThrow('gone');
    expect(calls.slice(2)).toEqual(['live 1 true', 'stopLive 42']);
  });

  it('connection events reach only the sessions of that login, and none after close', async () => {
    const calls: string[] = [];
    const sdk = fakeSdk(calls);
    const src = new DahuaSource(sdk, opts, silentLogger);
    const login = await src.login(creds, new AbortController().signal);
    const out = new RecordingOutput();
    const session = await src.openLive(login, 1, out as MediaOutput, new AbortController().signal);
    sdk.events!.disconnected(99n);
    sdk.events!.disconnected(7n);
    sdk.events!.reconnected(7n);
    await session.close();
    await session.close();
    sdk.events!.disconnected(7n);
    expect(out.events).toEqual(['reconnecting', 'discontinuity:reconnect', 'resumed']);
    expect(calls.filter((c) => c.startsWith('stopLive'))).toEqual(['stopLive 42']);
    await src.dispose();
    expect(calls.at(-1)).toBe('cleanup');
  });
});
