import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtzCommand, type NvrLogin } from '@nvr-pusher/core/contracts';
import { HikvisionSource } from '../src/hikvision-source.js';
import { decodeHikRaw } from '../src/format/hikraw-capture.js';
import { HikException } from '../src/sdk/index.js';
import { FakeHikSdk, sdkError } from './support/fake-hik-sdk.js';
import { memoryLogger } from './support/logger.js';
import { hikOptions } from './support/options.js';
import { RecordingOutput } from './support/recording-output.js';
import type { HikvisionOptions } from '../src/options.js';
import { rejection } from './support/rejection.js';

const creds = { category: 0, addr: '10.0.0.9', port: 8000, user: 'admin', password: 's3cret-pw' };
const never = new AbortController().signal;
const IMKH = Buffer.concat([Buffer.from('IMKH'), Buffer.alloc(36)]);
const PACK = Buffer.from('000001ba440004000401000003f8', 'hex');

function setup(o: Partial<HikvisionOptions> = {}) {
  const sdk = new FakeHikSdk();
  const log = memoryLogger();
  let released = 0;
  const source = new HikvisionSource(hikOptions(o), log, { sdk, release: async () => { released++; } });
  return { sdk, log, source, released: () => released };
}

describe('HikvisionSource login', () => {
  it('logs in and keeps the device info; the login id never carries the password', async () => {
    const { sdk, source, log } = setup();
    const login = (await source.login(creds, never)) as NvrLogin & { device: { ipStart: number } };
    expect(sdk.calls[0]).toEqual({ fn: 'login', args: ['10.0.0.9', 8000, 'admin', 's3cret-pw'] });
    expect(login.device.ipStart).toBe(33);
    expect(login.id).toBe('admin@10.0.0.9:8000#0');
    expect(log.lines.join('\n')).not.toContain('s3cret-pw');
  });

  it('rejects with 606 carrying vendor code 1 and the attempts left for a wrong password', async () => {
    const { sdk, source, log } = setup();
    sdk.failures.set('login', { error: sdkError('NET_DVR_Login_V40', 1, { attemptsLeft: 2, lockSeconds: 0 }) });
    const e = await rejection(source.login(creds, never));
    expect(e.code).toBe(606);
    expect(e.vendorCode).toBe(1);
    expect(e.vendor).toBe('Hikvision');
    expect(e.message).toBe('NVR login failed: wrong user name or password, 2 attempt(s) left before the account locks (Hikvision error 1)');
    expect(log.lines.join('\n')).not.toContain('s3cret-pw');
  });

  it('rejects with 606 / vendor code 153 for a locked account, saying when it unlocks', async () => {
    const { sdk, source } = setup();
    sdk.failures.set('login', { error: sdkError('NET_DVR_Login_V40', 153, { lockSeconds: 600 }) });
    const e = await rejection(source.login(creds, never));
    expect([e.code, e.vendorCode]).toEqual([606, 153]);
    expect(e.message).toMatch(/locked.*unlocks in 600 s \(Hikvision error 153\)$/);
  });

  it('honours the abort signal: before the call (no SDK call) and during it (logs out again)', async () => {
    const { sdk, source } = setup();
    const ac = new AbortController();
    ac.abort(new Error('gone'));
    await expect(source.login(creds, ac.signal)).rejects.toThrow('gone');
    expect(sdk.calls).toEqual([]);
    const ac2 = new AbortController();
    const p = source.login(creds, ac2.signal);
    ac2.abort(new Error('late'));
    await expect(p).rejects.toThrow('late');
    await expect.poll(() => sdk.count('logout')).toBe(1);
  });

  it('answers an abort at once even while the SDK call is still running, and cleans up what it returns later', async () => {
    const { sdk, source } = setup();
    let finish!: () => void;
    const gate = new Promise<void>((r) => { finish = r; });
    const slowLogin = sdk.login.bind(sdk);
    sdk.login = async (...a) => { await gate; return slowLogin(...a); };
    const ac = new AbortController();
    const p = source.login(creds, ac.signal);
    ac.abort(new Error('login timeout'));
    await expect(p).rejects.toThrow('login timeout');
    expect(sdk.count('logout')).toBe(0);
    finish();
    await expect.poll(() => sdk.count('logout')).toBe(1);

    sdk.login = slowLogin;
    const login = await source.login(creds, never);
    let started!: () => void;
    const startGate = new Promise<void>((r) => { started = r; });
    const slowStart = sdk.startLive.bind(sdk);
    sdk.startLive = async (...a) => { await startGate; return slowStart(...a); };
    const ac2 = new AbortController();
    const live = source.openLive(login, 33, new RecordingOutput(), ac2.signal);
    ac2.abort(new Error('request gone'));
    await expect(live).rejects.toThrow('request gone');
    started();
    await expect.poll(() => sdk.count('stopLive')).toBe(1);
    expect(source.openSessions()).toBe(0);
  });

  it('logout never throws, and a second logout of the same login never reaches the SDK (user ids are reused)', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.failures.set('logout', { error: sdkError('NET_DVR_Logout', 17) });
    await expect(source.logout(login)).resolves.toBeUndefined();
    await expect(source.logout(login)).resolves.toBeUndefined();
    await expect(source.logout({ id: 'not-hikvision' })).resolves.toBeUndefined();
    expect(sdk.count('logout')).toBe(1);
  });
});

describe('HikvisionSource live', () => {
  it('starts live with the configured stream type and link mode and writes SYSHEAD then PS as hik-ps', async () => {
    const { sdk, source } = setup({ streamType: 'sub', linkMode: 'udp' });
    const login = await source.login(creds, never);
    const out = new RecordingOutput();
    const session = await source.openLive(login, 33, out, never);
    expect(sdk.calls.at(-1)).toEqual({ fn: 'startLive', args: [0, { channel: 33, streamType: 1, linkMode: 1 }] });
    const emit = sdk.data.get(1)!;
    emit(1, IMKH);
    emit(2, PACK);
    emit(2, new Uint8Array(0));
    emit(3, PACK);
    emit(107, Buffer.from('meta'));
    expect(out.of('raw').map((e) => [e.format, e.data.length])).toEqual([['hik-ps', 40], ['hik-ps', 14], ['hik-ps', 14]]);
    emit(1, IMKH); // the SDK restarted the stream: same header again → a discontinuity, not a second header
    expect(out.events.at(-1)).toEqual({ kind: 'discontinuity', reason: 'stream restarted by the SDK' });
    await session.close();
    await session.close();
    expect(sdk.count('stopLive')).toBe(1);
    emit(2, PACK);
    expect(out.of('raw')).toHaveLength(3);
    expect(source.openSessions()).toBe(0);
  });

  it('rejects with 603 carrying the vendor code when live play is refused', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.failures.set('startLive', { error: sdkError('NET_DVR_RealPlay_V40', 83) });
    const e = await rejection(source.openLive(login, 34, new RecordingOutput(), never));
    expect([e.code, e.vendorCode]).toEqual([603, 83]);
    expect(e.message).toBe('NVR live play failed: the IP channel is offline (Hikvision error 83)');
    expect(source.openSessions()).toBe(0);
  });

  it('reports connection lost / reconnecting / resumed to the affected live sessions only, once per change', async () => {
    const { sdk, source } = setup();
    const a = await source.login(creds, never);
    const b = await source.login({ ...creds, addr: '10.0.0.10' }, never);
    const outA = new RecordingOutput(), outB = new RecordingOutput();
    const sA = await source.openLive(a, 33, outA, never);
    await source.openLive(b, 33, outB, never);
    sdk.emitException({ type: HikException.EXCHANGE, userId: 0, handle: -1 });
    sdk.emitException({ type: HikException.RECONNECT, userId: 0, handle: 2 });
    expect(outA.of('state').map((e) => e.state)).toEqual(['reconnecting']);
    expect(outB.of('state')).toEqual([]);
    sdk.emitException({ type: HikException.PREVIEW_RECONNECT_SUCCESS, userId: 0, handle: 2 });
    sdk.emitException({ type: HikException.RESUME_EXCHANGE, userId: 0, handle: -1 });
    expect(outA.of('state').map((e) => e.state)).toEqual(['reconnecting', 'resumed']);
    sdk.emitException({ type: HikException.RECONNECT, userId: 0, handle: 2 });
    sdk.data.get(2)!(2, PACK); // data flowing again also means resumed
    expect(outA.of('state').map((e) => e.state)).toEqual(['reconnecting', 'resumed', 'reconnecting', 'resumed']);
    sdk.emitException({ type: HikException.PREVIEW_RECONNECT_CLOSED, userId: 0, handle: 2 });
    expect(outA.of('fail')[0]!.error.code).toBe(603);
    await sA.close();
    sdk.emitException({ type: HikException.EXCHANGE, userId: 0, handle: -1 });
    expect(outA.of('state')).toHaveLength(4);
  });

  it('a closing session never unroutes a newer session that the SDK gave the same handle', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.nextLiveHandle = 5;
    const a = await source.openLive(login, 33, new RecordingOutput(), never);
    let open!: () => void;
    sdk.stopGate = new Promise((r) => { open = r; });
    const closing = a.close();
    sdk.nextLiveHandle = 5;
    const outB = new RecordingOutput();
    const b = await source.openLive(login, 34, outB, never);
    sdk.stopGate = undefined;
    open();
    await closing;
    sdk.emitException({ type: HikException.RECONNECT, userId: 0, handle: 5 });
    expect(outB.of('state').map((e) => e.state)).toEqual(['reconnecting']);
    expect(source.openSessions()).toBe(1);
    await b.close();
    expect(source.openSessions()).toBe(0);
  });

  it('captures raw callback payloads with their data type when dumpRaw is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hik-dump-'));
    try {
      const { sdk, source } = setup({ dumpRaw: dir });
      const session = await source.openLive(await source.login(creds, never), 33, new RecordingOutput(), never);
      sdk.data.get(1)!(1, IMKH);
      sdk.data.get(1)!(2, PACK);
      await session.close();
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^live-ch33-.*\.hikraw$/);
      const { records } = decodeHikRaw(readFileSync(join(dir, files[0]!)));
      expect(records.map((r) => [r.dataType, Buffer.from(r.bytes).toString('hex')])).toEqual([[1, IMKH.toString('hex')], [2, PACK.toString('hex')]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HikvisionSource record search', () => {
  const range = [Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 12)] as const;
  const file = (name: string, h: number) => ({ fileName: name, fileSize: 1000, start: Date.UTC(2026, 0, 1, h), stop: Date.UTC(2026, 0, 1, h, 30) });

  it('collects every file across ISFINDING pauses, in time order, and closes the search', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.searchSteps = [{ status: 'busy' }, { status: 'file', file: file('b', 11) }, { status: 'busy' }, { status: 'file', file: file('a', 10) }, { status: 'end' }];
    const files = await source.findRecords(login, 33, range[0], range[1], never);
    expect(files.map((f) => f.fileName)).toEqual(['a', 'b']);
    expect(sdk.calls.find((c) => c.fn === 'openSearch')!.args).toEqual([0, { channel: 33, start: range[0], end: range[1] }]);
    expect(sdk.count('closeSearch')).toBe(1);
  });

  it('answers an empty list when the NVR has no file (the core answers 607)', async () => {
    const { sdk, source } = setup();
    sdk.searchSteps = [{ status: 'none' }];
    expect(await source.findRecords(await source.login(creds, never), 33, range[0], range[1], never)).toEqual([]);
  });

  it('fails with 604 for a refused search, a failed step, an SDK error mid-way, or a search busy for too long', async () => {
    const { sdk, source } = setup({ searchTimeoutMs: 1000 });
    const login = await source.login(creds, never);
    sdk.failures.set('openSearch', { error: sdkError('NET_DVR_FindFile_V40', 4) });
    let e = await rejection(source.findRecords(login, 99, range[0], range[1], never));
    expect([e.code, e.vendorCode]).toEqual([604, 4]);
    sdk.searchSteps = [{ status: 'failed', code: 1004 }];
    e = await rejection(source.findRecords(login, 33, range[0], range[1], never));
    expect([e.code, e.vendorCode]).toEqual([604, 1004]);
    sdk.failures.set('nextFile', { error: sdkError('NET_DVR_FindNextFile_V40', 10) });
    e = await rejection(source.findRecords(login, 33, range[0], range[1], never));
    expect([e.code, e.vendorCode]).toEqual([604, 10]);
    sdk.searchSteps = Array.from({ length: 1000 }, () => ({ status: 'busy' as const }));
    e = await rejection(source.findRecords(login, 33, range[0], range[1], never));
    expect(e.code).toBe(604);
    expect(e.message).toMatch(/still busy after 1000 ms/);
    expect(sdk.count('closeSearch')).toBe(3);
  });
});

describe('HikvisionSource playback', () => {
  const start = Date.UTC(2026, 0, 1, 10), end = Date.UTC(2026, 0, 1, 11);

  it('plays back, seeks (discontinuity), and ends once on ALLFILEEND', async () => {
    const { sdk, source } = setup();
    const out = new RecordingOutput();
    const session = await source.openPlayback(await source.login(creds, never), 33, start, end, out, never);
    expect(sdk.calls.at(-1)).toEqual({ fn: 'startPlayback', args: [0, { channel: 33, start, end }] });
    const emit = sdk.data.get(1)!;
    emit(1, IMKH);
    emit(2, PACK);
    await (session as { seek(t: number): Promise<void> }).seek(start + 60_000);
    expect(sdk.calls.at(-1)).toEqual({ fn: 'seekPlayback', args: [1, start + 60_000] });
    emit(16, new Uint8Array(0));
    emit(2, PACK);
    emit(12, new Uint8Array(0));
    emit(12, new Uint8Array(0));
    expect(out.events.map((e) => e.kind)).toEqual(['raw', 'raw', 'discontinuity', 'discontinuity', 'raw', 'end']);
    await session.close();
    expect(sdk.count('stopPlayback')).toBe(1);
  });

  it('detects the end from the position (100) and an abnormal end (>100 → 604)', async () => {
    const { sdk, source } = setup({ positionPollMs: 100 });
    const login = await source.login(creds, never);
    const out = new RecordingOutput();
    const s1 = await source.openPlayback(login, 33, start, end, out, never);
    sdk.position = 100;
    await expect.poll(() => out.of('end').length, { timeout: 3000 }).toBe(1);
    await s1.close();
    const out2 = new RecordingOutput();
    const s2 = await source.openPlayback(login, 33, start, end, out2, never);
    sdk.position = 200;
    await expect.poll(() => out2.of('fail').length, { timeout: 3000 }).toBe(1);
    expect(out2.of('fail')[0]!.error.code).toBe(604);
    await s2.close();
  });

  it('rejects with 604 when playback is refused and 608 when a seek is', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.failures.set('startPlayback', { error: sdkError('NET_DVR_PlayBackByTime_V40', 33) });
    const e = await rejection(source.openPlayback(login, 33, start, end, new RecordingOutput(), never));
    expect([e.code, e.vendorCode]).toEqual([604, 33]);
    const out = new RecordingOutput();
    const session = await source.openPlayback(login, 33, start, end, out, never);
    sdk.failures.set('seekPlayback', { error: sdkError('NET_DVR_PlayBackControl_V40', 29) });
    const e2 = await rejection((session as { seek(t: number): Promise<void> }).seek(start + 1000));
    expect([e2.code, e2.vendorCode]).toEqual([608, 29]);
    expect(out.of('discontinuity')).toEqual([]);
    sdk.emitException({ type: HikException.PLAYBACK, userId: 0, handle: 1 });
    expect(out.of('fail')[0]!.error.code).toBe(604);
    await session.close();
  });
});

describe('HikvisionSource PTZ', () => {
  it('maps the 14 API commands to the SDK codes, start and stop, with the configured speed', async () => {
    const { sdk, source } = setup({ ptzSpeed: 6 });
    const login = await source.login(creds, never);
    for (const cmd of Object.values(PtzCommand)) await source.ptz(login, 33, cmd, false, never);
    await source.ptz(login, 33, PtzCommand.PAN_LEFT, true, never);
    const ptz = sdk.calls.filter((c) => c.fn === 'ptz').map((c) => c.args);
    expect(ptz.map((a) => a[2])).toEqual([11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 25, 26, 27, 28, 23]);
    expect(ptz.at(-1)).toEqual([0, 33, 23, true, 6]);
    expect(ptz[0]).toEqual([0, 33, 11, false, 6]);
  });

  it('rejects with 609 carrying the vendor code when the NVR refuses', async () => {
    const { sdk, source } = setup();
    const login = await source.login(creds, never);
    sdk.failures.set('ptz', { error: sdkError('NET_DVR_PTZControlWithSpeed_Other', 23) });
    const e = await rejection(source.ptz(login, 33, PtzCommand.ZOOM_IN, false, never));
    expect([e.code, e.vendorCode]).toEqual([609, 23]);
    expect(e.message).toBe('PTZ control failed: the device does not support this operation (Hikvision error 23)');
  });
});

describe('HikvisionSource without an SDK (unavailable: degrade)', () => {
  it('answers every request with its own code and the reason', async () => {
    const source = new HikvisionSource(hikOptions({ unavailable: 'degrade' }), memoryLogger(), { unavailable: 'library not found at /opt/hik/libhcnetsdk.so' });
    const e = await rejection(source.login(creds, never));
    expect(e.code).toBe(606);
    expect(e.message).toBe('NVR login failed: Hikvision SDK unavailable: library not found at /opt/hik/libhcnetsdk.so');
    const fakeLogin = { id: 'x' };
    expect((await rejection(source.openLive(fakeLogin, 1, new RecordingOutput(), never))).code).toBe(603);
    expect((await rejection(source.findRecords(fakeLogin, 1, 0, 1, never))).code).toBe(604);
    expect((await rejection(source.openPlayback(fakeLogin, 1, 0, 1, new RecordingOutput(), never))).code).toBe(604);
    expect((await rejection(source.ptz(fakeLogin, 1, 0, false, never))).code).toBe(609);
    await source.dispose();
  });
});

describe('HikvisionSource dispose', () => {
  afterEach(() => undefined);
  it('releases the SDK and stops listening to exceptions', async () => {
    const { sdk, source, released } = setup();
    expect(sdk.listeners.size).toBe(1);
    await source.dispose();
    expect(released()).toBe(1);
    expect(sdk.listeners.size).toBe(0);
  });
});
