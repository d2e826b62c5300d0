// Real plugin + real koffi binding + the emulator library (gcc-built, Dahua export names and struct ABI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PusherError, StatusCode, type NvrLogin } from '@nvr-pusher/core/contracts';
import plugin, { DahuaSource } from '../../src/index.js';
import { KoffiDhSdk, DhError } from '../../src/sdk/index.js';
import { dhavFixture } from '../tools/media-fixtures.js';
import { RecordingOutput, signal, silentLogger, startEmulator, waitFor, EMULATOR_LIBRARY_NAME } from '../emulator/harness.js';

const IP = '127.0.0.1';
const PORT = 37777;
const creds = (over: Partial<{ addr: string; port: number; user: string; password: string }> = {}) =>
  ({ category: 1, addr: IP, port: PORT, user: 'admin', password: 'secret-pw', ...over });

let emu: Awaited<ReturnType<typeof startEmulator>>;
let source: DahuaSource;
let login: NvrLogin;

beforeAll(async () => {
  const h264 = await dhavFixture('h264');
  const h265 = await dhavFixture('h265');
  emu = await startEmulator(`
device ${IP} ${PORT} 4
user admin secret-pw
user locky right-pw
lockout 3 600
live 0 ${h264.file}
live 1 ${h265.file}
live 2 ${h264.file}
refuse_live 2
`);
  source = plugin.create({
    options: {
      categories: [1], sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME, connectTimeoutMs: 200, connectTries: 1, sdkThreads: 4, autoReconnect: true,
      streamType: 'main', channelBase: 1, ptzSpeed: 4, unavailable: 'fail', dumpRaw: '',
    },
    logger: silentLogger, clock: { now: () => performance.now() }, formats: { get: () => undefined }, registerSecret: () => {}, baseDir: process.cwd(),
  }) as DahuaSource;
  login = await source.login(creds(), signal());
}, 120_000);

afterAll(() => {
  emu?.cleanup();
});

async function loginError(c: ReturnType<typeof creds>): Promise<PusherError> {
  const e = await source.login(c, signal()).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(PusherError);
  return e as PusherError;
}

describe('login (CLIENT_LoginWithHighLevelSecurity)', () => {
  it('logs in and returns a login with a printable id that holds no secret', () => {
    expect(login.id).toContain(`${IP}:${PORT}`);
    expect(login.id).not.toContain('secret');
    expect(emu.openLogins()).toBe(1);
  });

  it('rejects a wrong password with 606 carrying NET_LOGIN_ERROR_PASSWORD', async () => {
    const e = await loginError(creds({ password: 'nope' }));
    expect(e.code).toBe(StatusCode.ERR_NVR_LOGIN);
    expect(e.vendorCode).toBe(DhError.LOGIN_ERROR_PASSWORD);
    expect(e.message).toBe(`NVR login failed: wrong password (Dahua error ${DhError.LOGIN_ERROR_PASSWORD})`);
    expect(e.message).not.toContain('nope');
  });

  it('reports the lock after repeated wrong passwords (NET_LOGIN_ERROR_LOCKED), even for the right one', async () => {
    for (let i = 0; i < 3; i++) expect((await loginError(creds({ user: 'locky', password: 'bad' }))).vendorCode).toBe(DhError.LOGIN_ERROR_PASSWORD);
    const e = await loginError(creds({ user: 'locky', password: 'right-pw' }));
    expect(e.vendorCode).toBe(DhError.LOGIN_ERROR_LOCKED);
    expect(e.message).toContain('account locked');
  });

  it('rejects an unknown user and an unreachable NVR with 606 and the SDK code', async () => {
    expect((await loginError(creds({ user: 'ghost' }))).vendorCode).toBe(DhError.LOGIN_ERROR_USER);
    const e = await loginError(creds({ port: 1 }));
    expect(e.code).toBe(606);
    expect(e.vendorCode).toBe(DhError.LOGIN_ERROR_NETWORK);
    expect(e.message).toContain('network connection failed');
  });
});

describe('live (CLIENT_RealPlayEx + CLIENT_SetRealDataCallBackEx2, raw DHAV)', () => {
  it.each([
    [1, 'h264'],
    [2, 'h265'],
  ] as const)('nvr_channel %i (SDK channel nvr_channel - 1, channelBase 1) delivers %s DHAV that demuxes to key frames', async (channel, codec) => {
    const out = new RecordingOutput();
    const session = await source.openLive(login, channel, out, signal());
    await waitFor(() => out.video().length >= 30, 10_000, 'video frames');
    await session.close();
    const v = out.video();
    expect(v[0]!.key).toBe(true);
    expect(v[0]!.track).toMatchObject({ codec, width: 640, height: 360 });
    expect(out.frames.some((f) => f.track.kind === 'audio' && f.track.codec === 'pcma')).toBe(true);
    for (let i = 1; i < v.length; i++) expect(v[i]!.dts).toBeGreaterThan(v[i - 1]!.dts);
    const n = out.frames.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(out.frames.length).toBe(n); // nothing after close
  });

  it('channelBase 0 makes nvr_channel 0 the first SDK channel', async () => {
    const sdk = new KoffiDhSdk(emu.path);
    const zeroBased = new DahuaSource(sdk, { connectTimeoutMs: 200, connectTries: 1, autoReconnect: false, streamType: 'sub', channelBase: 0, ptzSpeed: 4, dumpRaw: '' }, silentLogger);
    const l = await zeroBased.login(creds(), signal());
    const out = new RecordingOutput();
    const s = await zeroBased.openLive(l, 1, out, signal());
    await waitFor(() => out.video().length > 0, 10_000, 'video');
    await s.close();
    expect(out.video()[0]!.track.codec).toBe('h265'); // SDK channel 1
    const e = await zeroBased.openLive(l, 4, new RecordingOutput(), signal()).catch((x: PusherError) => x);
    expect((e as PusherError).code).toBe(600);
    await zeroBased.logout(l);
    // one SDK per process: the second source shares CLIENT_Init and its disconnect/reconnect callbacks
    expect(sdk.registeredCallbacks).toBe(2);
    await zeroBased.dispose();
    expect(emu.heldCallbacks()).toBe(2); // the first source still holds the SDK
  });

  it('rejects with 603 and NET_OPEN_CHANNEL_ERROR when the NVR refuses live play', async () => {
    const e = (await source.openLive(login, 3, new RecordingOutput(), signal()).catch((x: unknown) => x)) as PusherError;
    expect(e.code).toBe(StatusCode.ERR_PLAY_REAL);
    expect(e.vendorCode).toBe(DhError.OPEN_CHANNEL_ERROR);
    expect(e.message).toContain('failed to open the channel');
  });

  it('rejects nvr_channel 0 (below channelBase 1) and channels beyond nChanNum with 600', async () => {
    for (const ch of [0, 5]) expect(((await source.openLive(login, ch, new RecordingOutput(), signal()).catch((x: unknown) => x)) as PusherError).code).toBe(600);
  });

  it('reports reconnecting/resumed on disconnect and the stream goes on', async () => {
    const out = new RecordingOutput();
    const s = await source.openLive(login, 1, out, signal());
    await waitFor(() => out.video().length > 5, 10_000, 'video');
    emu.disconnect(IP, PORT, 500);
    await waitFor(() => out.events.includes('reconnecting'), 5000, 'reconnecting');
    await waitFor(() => out.events.includes('resumed'), 5000, 'resumed');
    const after = out.frames.length;
    await waitFor(() => out.frames.length > after + 10, 10_000, 'frames after resume');
    await s.close();
    expect(out.events).toEqual(['reconnecting', 'discontinuity:reconnect', 'resumed']);
  });

  it('a stalled channel (NVR stops sending) keeps the session open without events; data resumes with it', async () => {
    const out = new RecordingOutput();
    const s = await source.openLive(login, 1, out, signal());
    await waitFor(() => out.video().length > 3, 10_000, 'video');
    emu.stall(IP, PORT, 0, true);
    await new Promise((r) => setTimeout(r, 150));
    const frozen = out.frames.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(out.frames.length).toBe(frozen);
    emu.stall(IP, PORT, 0, false);
    await waitFor(() => out.frames.length > frozen + 5, 10_000, 'data after the stall');
    await s.close();
    expect(out.events).toEqual([]);
  });

  it('an exception thrown by the output inside the SDK callback is caught, reported, and the stream goes on', async () => {
    const errors: unknown[] = [];
    const sdk = new KoffiDhSdk(emu.path, (e) => errors.push(e));
    const s2 = new DahuaSource(sdk, { connectTimeoutMs: 200, connectTries: 1, autoReconnect: true, streamType: 'main', channelBase: 1, ptzSpeed: 4, dumpRaw: '' }, silentLogger);
    const l = await s2.login(creds(), signal());
    let calls = 0;
    const out = new RecordingOutput();
    out.writeRaw = () => {
      calls++;
      throw new Error('sink exploded');
    };
    const session = await s2.openLive(l, 1, out, signal());
    await waitFor(() => calls >= 5, 10_000, 'several callbacks');
    await session.close();
    await s2.logout(l);
    await s2.dispose();
    expect(errors.length).toBe(calls);
    expect((errors[0] as Error).message).toBe('sink exploded');
  });

  it('leaves no play handle or callback behind after close', async () => {
    const outs = [new RecordingOutput(), new RecordingOutput()];
    const sessions = await Promise.all(outs.map((o, i) => source.openLive(login, i + 1, o, signal())));
    await waitFor(() => outs.every((o) => o.frames.length > 0), 10_000, 'data');
    expect(emu.openPlays()).toBe(2);
    await Promise.all(sessions.map((s) => s.close()));
    expect(emu.openPlays()).toBe(0);
    expect(emu.heldCallbacks()).toBe(2); // disconnect + reconnect callbacks only
  });
});

describe('shutdown', () => {
  it('logout and dispose release every login, callback and SDK thread (CLIENT_Cleanup)', async () => {
    await source.logout(login);
    expect(emu.openLogins()).toBe(0);
    expect(source.registeredCallbacks).toBe(2);
    await source.dispose();
    expect(source.registeredCallbacks).toBe(0);
    expect(emu.heldCallbacks()).toBe(0);
    expect(emu.openPlays()).toBe(0);
  });
});
