// Playback, seek, end and PTZ through the real plugin + koffi + emulator.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtzCommand, PusherError, StatusCode, parseWallTime, type NvrLogin, type PtzCommandCode, type SeekableSession } from '@nvr-pusher/core/contracts';
import { DahuaSource } from '../../src/index.js';
import { DhError, KoffiDhSdk } from '../../src/sdk/index.js';
import { dhavFixture } from '../tools/media-fixtures.js';
import { RecordingOutput, signal, silentLogger, startEmulator, waitFor } from '../emulator/harness.js';

const IP = '127.0.0.2';
const PORT = 37778;
const t = (s: string): number => parseWallTime(s)!;

let emu: Awaited<ReturnType<typeof startEmulator>>;
let source: DahuaSource;
let login: NvrLogin;
let ptzLog: string;

beforeAll(async () => {
  const h264 = await dhavFixture('h264');
  emu = await startEmulator(`
ptzlog $TMP/ptz.log
pace 4
device ${IP} ${PORT} 3
user admin pw
record 0 2024-05-06 10:00:00 2024-05-06 10:00:20 1000 rec-b ${h264.file}
record 0 2024-05-06 09:00:00 2024-05-06 09:00:10 2048 rec-a ${h264.file}
record 0 2024-05-06 11:00:00 2024-05-06 11:00:10 10 rec-c ${h264.file}
record 1 2024-05-06 10:00:00 2024-05-06 10:00:10 10 rec-d ${h264.file}
refuse_playback 1
refuse_ptz 2
device 127.0.0.3 ${PORT} 2
user admin pw
norecord_error
refuse_seek
record 0 2024-05-06 10:00:00 2024-05-06 10:00:10 10 rec-e ${h264.file}
`);
  ptzLog = join(emu.tmp, 'ptz.log');
  source = new DahuaSource(new KoffiDhSdk(emu.path), { connectTimeoutMs: 200, connectTries: 1, autoReconnect: true, streamType: 'main', channelBase: 1, ptzSpeed: 5, dumpRaw: join(emu.tmp, 'dump') }, silentLogger);
  login = await source.login({ category: 1, addr: IP, port: PORT, user: 'admin', password: 'pw' }, signal());
}, 120_000);

afterAll(async () => {
  await source?.logout(login);
  await source?.dispose();
  emu?.cleanup();
});

describe('record query (CLIENT_QueryRecordFile)', () => {
  it('lists the overlapping recordings of nvr_channel 1 (SDK 0) in time order, sizes in bytes', async () => {
    const files = await source.findRecords(login, 1, t('2024-05-06 09:00:05'), t('2024-05-06 10:30:00'), signal());
    expect(files).toEqual([
      { fileName: 'rec-a', fileSize: 2048 * 1024, start: t('2024-05-06 09:00:00'), stop: t('2024-05-06 09:00:10') },
      { fileName: 'rec-b', fileSize: 1000 * 1024, start: t('2024-05-06 10:00:00'), stop: t('2024-05-06 10:00:20') },
    ]);
  });

  it('returns [] when nothing is recorded, whether the SDK says TRUE/0 or FALSE/NET_NO_RECORD_FOUND', async () => {
    expect(await source.findRecords(login, 1, t('2024-05-07 00:00:00'), t('2024-05-07 01:00:00'), signal())).toEqual([]);
    const other = await source.login({ category: 1, addr: '127.0.0.3', port: PORT, user: 'admin', password: 'pw' }, signal());
    expect(await source.findRecords(other, 1, t('2024-05-07 00:00:00'), t('2024-05-07 01:00:00'), signal())).toEqual([]);
    await source.logout(other);
  });
});

describe('playback (CLIENT_PlayBackByTimeEx)', () => {
  it('plays the range as DHAV, then calls end() once the SDK reports the end; the raw dump gets the bytes', async () => {
    const out = new RecordingOutput();
    const s = await source.openPlayback(login, 1, t('2024-05-06 10:00:00'), t('2024-05-06 10:00:03'), out, signal());
    await waitFor(() => out.events.includes('end'), 15_000, 'end');
    await s.close();
    expect(out.video().length).toBeGreaterThanOrEqual(70); // ~3 s at 25 fps
    expect(out.video()[0]!.key).toBe(true);
    expect(out.events).toEqual(['end']);
    expect(emu.openPlays()).toBe(0);
    const dumps = readdirSync(join(emu.tmp, 'dump'));
    expect(dumps).toHaveLength(1);
    expect(statSync(join(emu.tmp, 'dump', dumps[0]!)).size).toBe(out.rawBytes);
  });

  it('seeks (CLIENT_SeekPlayBackByTime): discontinuity, then data from a key frame again', async () => {
    const out = new RecordingOutput();
    const s = (await source.openPlayback(login, 1, t('2024-05-06 10:00:00'), t('2024-05-06 10:00:20'), out, signal())) as SeekableSession;
    await waitFor(() => out.video().length > 10, 10_000, 'video');
    await s.seek(t('2024-05-06 10:00:15'));
    const mark = out.frames.length;
    expect(out.events).toEqual(['discontinuity:seek']);
    await waitFor(() => out.frames.length > mark + 10, 10_000, 'data after seek');
    const err = (await s.seek(t('2024-05-06 12:00:00')).catch((e: unknown) => e)) as PusherError;
    expect(err.code).toBe(StatusCode.ERR_PLAY_CONTROL);
    expect(err.vendorCode).toBe(DhError.ILLEGAL_PARAM);
    await s.close();
  });

  it('rejects a seek the NVR refuses with 608 and the SDK code', async () => {
    const other = await source.login({ category: 1, addr: '127.0.0.3', port: PORT, user: 'admin', password: 'pw' }, signal());
    const out = new RecordingOutput();
    const s = (await source.openPlayback(other, 1, t('2024-05-06 10:00:00'), t('2024-05-06 10:00:10'), out, signal())) as SeekableSession;
    const err = (await s.seek(t('2024-05-06 10:00:05')).catch((e: unknown) => e)) as PusherError;
    expect(err.code).toBe(StatusCode.ERR_PLAY_CONTROL);
    expect(err.message).toBe(`playback control failed: illegal parameter (Dahua error ${DhError.ILLEGAL_PARAM})`);
    expect(out.events).toEqual([]); // no discontinuity for a refused seek
    await s.close();
    await source.logout(other);
  });

  it('rejects with 604 when the NVR refuses playback, 607 when the range has no recording', async () => {
    const e1 = (await source.openPlayback(login, 2, t('2024-05-06 10:00:00'), t('2024-05-06 10:00:05'), new RecordingOutput(), signal()).catch((e: unknown) => e)) as PusherError;
    expect(e1.code).toBe(StatusCode.ERR_PLAY_BACK);
    expect(e1.vendorCode).toBe(DhError.OPEN_CHANNEL_ERROR);
    const e2 = (await source.openPlayback(login, 1, t('2024-05-08 10:00:00'), t('2024-05-08 10:00:05'), new RecordingOutput(), signal()).catch((e: unknown) => e)) as PusherError;
    expect(e2.code).toBe(StatusCode.ERR_NO_FILE_FOUND);
    expect(emu.openPlays()).toBe(0);
  });
});

describe('PTZ (CLIENT_DHPTZControlEx2)', () => {
  const lines = (): string[][] => (existsSync(ptzLog) ? readFileSync(ptzLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(' ')) : []);

  it('starts and stops a move on the SDK channel with the configured speed, stop after the duration', async () => {
    const before = lines().length;
    await source.ptz(login, 2, PtzCommand.PAN_LEFT, false, signal());
    await new Promise((r) => setTimeout(r, 200));
    await source.ptz(login, 2, PtzCommand.PAN_LEFT, true, signal());
    const [start, stop] = lines().slice(before);
    // fields: monotonic ms, channel, command, p1, p2, p3, stop
    expect(start!.slice(1)).toEqual(['1', '2', '0', '5', '0', '0']);
    expect(stop!.slice(1)).toEqual(['1', '2', '0', '5', '0', '1']);
    expect(Number(stop![0]) - Number(start![0])).toBeGreaterThanOrEqual(190);
  });

  it('maps the 14 API commands to DH_PTZ codes, diagonals to EXTPTZ codes with (speed, speed)', async () => {
    const before = lines().length;
    for (let c = 0; c <= 13; c++) await source.ptz(login, 1, c as PtzCommandCode, false, signal());
    const got = lines().slice(before).map((l) => [Number(l[2]), Number(l[3]), Number(l[4])]);
    expect(got).toEqual([
      [4, 0, 5], [5, 0, 5], [6, 0, 5], [7, 0, 5], [8, 0, 5], [9, 0, 5], // zoom in/out, focus near/far, iris open/close
      [0, 0, 5], [1, 0, 5], [2, 0, 5], [3, 0, 5], // up, down, left, right
      [0x20, 5, 5], [0x21, 5, 5], [0x22, 5, 5], [0x23, 5, 5], // left-top, right-top, left-down, right-down
    ]);
  });

  it('rejects with 609 and the SDK code when the device refuses', async () => {
    const e = (await source.ptz(login, 3, PtzCommand.ZOOM_IN, false, signal()).catch((x: unknown) => x)) as PusherError;
    expect(e.code).toBe(StatusCode.ERR_PTZ_CONTROL);
    expect(e.vendorCode).toBe(DhError.UNSUPPORTED);
    expect(e.message).toBe(`PTZ control failed: not supported by the device (Dahua error ${DhError.UNSUPPORTED})`);
  });
});
