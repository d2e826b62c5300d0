/**
 * End to end: the real service with the dahua plugin (koffi → emulated dhnetsdk) and the ffmpeg sink (reads the
 * raw DHAV with -f dhav) publishing to a real RTMP server; ffprobe reads the rtmp_url back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../../../../test/support/rtmp-server.js';
import { probeStreams } from '../../../../test/support/reader.js';
import { startService, type TestService } from '../../../../test/support/service.js';
import { EMULATOR_LIBRARY_NAME, startEmulator } from '../emulator/harness.js';
import { dhavFixture } from '../tools/media-fixtures.js';

const NVR = { nvr_category: 1, nvr_addr: '127.0.0.20', nvr_port: 37777, nvr_user: 'admin', nvr_pwd: 'Dahua-e2e-Secret', nvr_channel: 1 };

describe('dahua end to end through node-media-server', () => {
  let server: RtmpServer;
  let svc: TestService;
  let emu: Awaited<ReturnType<typeof startEmulator>>;

  beforeAll(async () => {
    const media = await dhavFixture('h264');
    emu = await startEmulator(`
pace 1
device ${NVR.nvr_addr} ${NVR.nvr_port} 2
user ${NVR.nvr_user} ${NVR.nvr_pwd}
live 0 ${media.file}
record 0 2024-05-06 10:00:00 2024-05-06 10:00:30 900 e2e-rec ${media.file}
`);
    server = await startNodeMediaServer();
    svc = await startService({
      config: {
        rtmp: { publishUrl: server.publishBase },
        sink: 'ffmpeg-sink',
        plugins: [{ module: './plugins/dahua', options: { sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME } }, { module: './plugins/ffmpeg-sink' }],
      },
    });
  }, 90_000);

  afterAll(async () => {
    await svc?.close();
    await server?.stop();
    expect(emu.openPlays()).toBe(0);
    expect(emu.openLogins()).toBe(0);
    emu?.cleanup();
  });

  it('REAL_STREAM category 1 → the rtmp_url plays h264 640x360 → STOP', async () => {
    const r = await svc.post('/REAL_STREAM', NVR);
    expect(r.status_code).toBe(200);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('BACK_STREAM lists the recording (size in bytes) and plays it', async () => {
    const r = await svc.post('/BACK_STREAM', { ...NVR, startTime: '2024-05-06 10:00:05', endTime: '2024-05-06 10:00:25' });
    expect(r.status_code).toBe(200);
    expect(r.record_files).toEqual([{ file_name: 'e2e-rec', file_size: 900 * 1024, start_time: '2024-05-06 10:00:00', stop_time: '2024-05-06 10:00:30' }]);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264')).toBe(true);
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('a wrong password answers 606 with the Dahua code, never the password; a retry is backed off', async () => {
    const before = emu.loginAttempts();
    const r = await svc.post('/REAL_STREAM', { ...NVR, nvr_pwd: 'wrong-one', nvr_channel: 2 });
    expect(r.status_code).toBe(606);
    expect(r.status_message).toBe('NVR login failed: wrong password (Dahua error 2147483748)');
    // the core's login pool answers the same failure from memory: the (emulated) NVR sees no second attempt,
    // so repeated requests cannot lock the account (Dahua locks it after a few wrong passwords)
    const again = await svc.post('/REAL_STREAM', { ...NVR, nvr_pwd: 'wrong-one', nvr_channel: 2 });
    expect(again.status_code).toBe(606);
    expect(again.status_message).toContain('Dahua error 2147483748');
    expect(emu.loginAttempts() - before).toBe(1);
    expect(svc.logs.join('')).not.toContain(NVR.nvr_pwd);
    expect(svc.logs.join('')).not.toContain('wrong-one');
  });
});
