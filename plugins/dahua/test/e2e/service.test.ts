/**
 * End to end: the real service with the dahua plugin (koffi → emulated dhnetsdk) publishing to a real RTMP server
 * through each sink — ffmpeg-sink (reads the raw DHAV with -f dhav) and native-flv-sink (uses this plugin's DHAV
 * demuxer through the format registry); ffprobe reads the rtmp_url back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../../../../test/support/rtmp-server.js';
import { probeStreams } from '../../../../test/support/reader.js';
import { startService, type TestService } from '../../../../test/support/service.js';
import { EMULATOR_LIBRARY_NAME, startEmulator } from '../emulator/harness.js';
import { dhavFixture } from '../tools/media-fixtures.js';

const NVR = { nvr_category: 1, nvr_addr: '127.0.0.20', nvr_port: 37777, nvr_user: 'admin', nvr_pwd: 'Dahua-e2e-Secret', nvr_channel: 1 };

let emu: Awaited<ReturnType<typeof startEmulator>>;
let server: RtmpServer;

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
}, 90_000);

afterAll(async () => {
  await server?.stop();
  emu?.cleanup();
});

describe.each(['ffmpeg-sink', 'native-flv-sink'])('dahua end to end through %s and node-media-server', (sink) => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startService({
      config: {
        rtmp: { publishUrl: server.publishBase },
        sink,
        plugins: [{ module: './plugins/dahua', options: { sdkPath: emu.dir, libraryName: EMULATOR_LIBRARY_NAME } }, { module: `./plugins/${sink}` }],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await svc?.close();
    expect(emu.openPlays()).toBe(0);
    expect(emu.openLogins()).toBe(0);
  });

  it('REAL_STREAM category 1 → the rtmp_url plays h264 640x360 → STOP', async () => {
    const r = await svc.post('/REAL_STREAM', NVR);
    expect(r.status_code).toBe(200);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('BACK_STREAM lists the recording (size in bytes), plays, seeks (POSITION) and ends by itself', async () => {
    const r = await svc.post('/BACK_STREAM', { ...NVR, startTime: '2024-05-06 10:00:05', endTime: '2024-05-06 10:00:12' });
    expect(r.status_code).toBe(200);
    expect(r.record_files).toEqual([{ file_name: 'e2e-rec', file_size: 900 * 1024, start_time: '2024-05-06 10:00:00', stop_time: '2024-05-06 10:00:30' }]);
    const streams = await probeStreams(r.rtmp_url);
    expect(streams.some((s) => s.codec_type === 'video' && s.codec_name === 'h264')).toBe(true);
    expect((await svc.post(`/STREAM/${r.play_handle}/POSITION`, { pos_time: '2024-05-06 10:00:08' })).status_code).toBe(200);
    // the emulator plays the 7 s range in real time; at its end the SDK's position callback says -1 and the core
    // stops the task: the handle disappears
    const deadline = Date.now() + 25_000;
    while ((await svc.get(`/STREAM/${r.play_handle}/BEATS`)).status_code === 200) {
      if (Date.now() > deadline) throw new Error('playback never ended');
      await new Promise((res) => setTimeout(res, 250));
    }
    expect(emu.openPlays()).toBe(0);
  }, 60_000);

  it('a wrong password answers 606 with the Dahua code, never the password; a retry is backed off', async () => {
    const before = emu.loginAttempts();
    const bad = { ...NVR, nvr_pwd: `wrong-${sink}`, nvr_channel: 2 };
    const r = await svc.post('/REAL_STREAM', bad);
    expect(r.status_code).toBe(606);
    expect(r.status_message).toBe('NVR login failed: wrong password (Dahua error 2147483748)');
    // the core's login pool answers the same failure from memory: the (emulated) NVR sees no second attempt,
    // so repeated requests cannot lock the account (Dahua locks it after a few wrong passwords)
    const again = await svc.post('/REAL_STREAM', bad);
    expect(again.status_code).toBe(606);
    expect(again.status_message).toContain('Dahua error 2147483748');
    expect(emu.loginAttempts() - before).toBe(1);
    expect(svc.logs.join('')).not.toContain(NVR.nvr_pwd);
    expect(svc.logs.join('')).not.toContain(bad.nvr_pwd);
  });
});
