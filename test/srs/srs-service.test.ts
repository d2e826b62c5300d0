/**
 * SRS 6.0.157 (the production server, ../shared/tools/srs-6) under the real service: simulator source, the
 * native FLV sink with its defaults, ffprobe/ffmpeg and our FLV tag parser as the independent readers.
 * Skips with one line when the SRS binary is absent (it is not on npm or Debian).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForStream } from '../support/reader.js';
import { hasSrs, SRS_BIN, startSrs, type SrsServer } from '../support/srs-server.js';
import { startService, type TestService } from '../support/service.js';
import { readHevcOverHttpFlv } from '../../plugins/native-flv-sink/test/support/readback.js';
import { NativeFlvSink, withDefaults } from '../../plugins/native-flv-sink/src/index.js';
import { feed, silentLogger, videoFrames } from '../../plugins/native-flv-sink/test/support/media.js';
import { until } from '../api/api-service.js';
import { readVideoOverHttpFlv } from '../../core/play-check/http-flv-check.js';
import { readVideoOverRtmp } from '../../core/play-check/rtmp-play-check.js';

const PWD = 'Srs-Suite-Pw-3';
const NVR = { nvr_category: 99, nvr_addr: '10.6.0.1', nvr_port: 8000, nvr_user: 'admin', nvr_pwd: PWD };
const present = hasSrs();
if (!present) console.log(`SRS suite skipped: no SRS binary at ${SRS_BIN} (../shared/tools/srs-6 is absent)`);

const codecs = (streams: { codec_type: string; codec_name: string }[]) =>
  Object.fromEntries(streams.map((s) => [s.codec_type, s.codec_name]));

describe.runIf(present)('SRS 6 with the native sink (default audio "aac")', () => {
  let srs: SrsServer;
  let svc: TestService;
  beforeAll(async () => {
    srs = await startSrs();
    svc = await startService({
      config: {
        rtmp: { publishUrl: srs.publishBase, httpFlvUrl: srs.httpFlvBase },
        sink: 'native-flv-sink',
        stream: { restartDelayMs: 200, restartMaxDelayMs: 1000, restartMaxAttempts: 0 },
        plugins: [{ module: './plugins/simulator', options: { password: PWD } }, { module: './plugins/native-flv-sink' }],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await srs?.stop();
  });

  it('channel 2 (H.264 + G.711): readers get h264 and aac over RTMP and over HTTP-FLV; SRS lists AAC', async () => {
    const r = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 2 });
    expect(r.status_code, JSON.stringify(r)).toBe(200);
    const key = r.rtmp_url.split('/').at(-1);
    expect(await codecsWithin(srs.httpFlvUrl(key), ['video', 'audio'], 20_000)).toEqual({ video: 'h264', audio: 'aac' });
    expect(await codecsWithin(r.rtmp_url, ['video', 'audio'], 20_000)).toEqual({ video: 'h264', audio: 'aac' });
    const listed = (await srs.streams()).find((s) => s.name === key);
    expect(listed).toMatchObject({ publish: { active: true }, video: { codec: 'H264' }, audio: { codec: 'AAC' } });
    // The play check's two readers against SRS: video over RTMP play and HTTP-FLV; nothing for an unknown key.
    await readVideoOverRtmp(r.rtmp_url, 10_000);
    await readVideoOverHttpFlv(srs.httpFlvUrl(key), 10_000);
    await expect(readVideoOverRtmp(srs.rtmpUrl('nobody-here'), 1500)).rejects.toThrow(/no video frame within 1500 ms/);
    await expect(readVideoOverHttpFlv(srs.httpFlvUrl('nobody-here'), 1500)).rejects.toThrow(/no video frame within 1500 ms/);
    expect(svc.logs.join('\n')).not.toContain('published but not playable');
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);

  it('channel 3 (H.265): Enhanced RTMP hvc1 read back over HTTP-FLV, ffprobe -f hevc decodes the frames', async () => {
    const r = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 3 });
    expect(r.status_code, JSON.stringify(r)).toBe(200);
    const key = r.rtmp_url.split('/').at(-1);
    const back = await readHevcOverHttpFlv(srs.httpFlvUrl(key), 50, 20_000);
    expect(back.timestamps.length).toBeGreaterThanOrEqual(50);
    expect(back.keyFrames).toBeGreaterThanOrEqual(1);
    const probed = await probeAnnexB(back.annexB);
    expect(probed).toMatchObject({ codec_name: 'hevc', width: 640, height: 360 });
    expect(Number(probed.nb_read_frames)).toBe(back.timestamps.length);
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 60_000);
});

describe.runIf(present)('SRS 6 faults', () => {
  let srs: SrsServer;
  let svc: TestService;
  beforeAll(async () => {
    srs = await startSrs();
    svc = await startService({
      config: {
        rtmp: { publishUrl: srs.publishBase, httpFlvUrl: srs.httpFlvBase },
        sink: 'native-flv-sink',
        stream: { restartDelayMs: 1500, restartMaxDelayMs: 2000, restartMaxAttempts: 0, playCheckTimeoutMs: 4000 },
        login: { graceMs: 50 },
        plugins: [{ module: './plugins/simulator', options: { password: PWD } }, { module: './plugins/native-flv-sink' }],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await srs?.stop();
  });
  const scheduler = () => svc.running.service.scheduler;

  it('busy key: while another publisher holds the key, the re-publish is refused and re-tried until it gets the key back', async () => {
    const r = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 1 });
    expect(r.status_code, JSON.stringify(r)).toBe(200);
    const key: string = r.rtmp_url.split('/').at(-1);
    await waitForStream(srs.httpFlvUrl(key));
    // Kick the service's publisher through SRS's API; a foreign publisher takes the key before the re-publish.
    const listed = (await srs.streams()).find((s) => s.name === key) as unknown as { publish: { cid: string } };
    expect((await fetch(`${srs.apiUrl}/api/v1/clients/${listed.publish.cid}`, { method: 'DELETE' })).status).toBe(200);
    const foreign = new NativeFlvSink(withDefaults({ publishSettleMs: 100 }), silentLogger).open({ url: srs.rtmpUrl(key), streamKey: key, kind: 'live' });
    const frames = videoFrames('h264-640x360-25fps.h264', 'h264');
    const fed = feed((f) => foreign.writeFrame(f), frames, 1);
    await foreign.published;
    await until(() => svc.logs.some((l) => l.includes('re-publish attempt failed')), 20_000);
    await foreign.close();
    await fed.catch(() => undefined);
    await until(() => scheduler().snapshot().some((s) => s.key === key && s.state === 'running' && s.republishCount >= 1), 30_000);
    expect(codecs(await waitForStream(srs.httpFlvUrl(key), 20_000))).toMatchObject({ video: 'h264' });
    expect((await svc.get(`/STREAM/${r.play_handle}/STOP`)).status_code).toBe(200);
  }, 90_000);

  it('SRS killed and restarted under two live streams and one playback: same keys, handles alive, every stream readable again within 30 s', async () => {
    const a = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 1 });
    const b = await svc.post('/REAL_STREAM', { ...NVR, nvr_channel: 2 });
    const c = await svc.post('/BACK_STREAM', { ...NVR, nvr_channel: 5, startTime: '2024-06-01 08:00:00', endTime: '2024-06-01 09:00:00' });
    for (const x of [a, b, c]) expect(x.status_code, JSON.stringify(x)).toBe(200);
    const keys = [a, b, c].map((x) => x.rtmp_url.split('/').at(-1) as string);
    for (const k of keys) await waitForStream(srs.httpFlvUrl(k));
    const beats = setInterval(() => { for (const x of [a, b, c]) void svc.get(`/STREAM/${x.play_handle}/BEATS`); }, 1000);
    try {
      await srs.kill();
      await until(() => scheduler().snapshot().every((s) => s.state === 'republishing'), 15_000);
      await srs.restart();
      const t0 = Date.now();
      await until(() => scheduler().snapshot().every((s) => s.state === 'running' && s.republishCount >= 1), 30_000);
      expect(scheduler().snapshot().map((s) => s.key).sort()).toEqual([...keys].sort());
      const read = await Promise.all(keys.map((k, i) => codecsWithin(srs.httpFlvUrl(k), i === 1 ? ['video', 'audio'] : ['video'], 30_000)));
      console.log(`SRS restart: all ${keys.length} streams readable ${Date.now() - t0} ms after SRS came back`);
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(read).toEqual([{ video: 'h264' }, { video: 'h264', audio: 'aac' }, expect.objectContaining({ video: 'h264' })]);
      for (const x of [a, b, c]) expect((await svc.get(`/STREAM/${x.play_handle}/BEATS`)).status_code).toBe(200);
    } finally {
      clearInterval(beats);
    }
    for (const x of [a, b, c]) expect((await svc.get(`/STREAM/${x.play_handle}/STOP`)).status_code).toBe(200);
    expect(svc.logs.join('')).not.toContain(PWD);
  }, 120_000);
});

/** The codecs ffprobe reads at `url` once it reports every kind in `kinds` (a short probe can miss a kind). */
async function codecsWithin(url: string, kinds: string[], timeoutMs: number): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = codecs(await waitForStream(url, Math.max(1000, deadline - Date.now())));
    if (kinds.every((k) => got[k]) || Date.now() > deadline) return got;
  }
}

async function probeAnnexB(data: Buffer): Promise<Record<string, string | number>> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srs-hevc-'));
  try {
    const file = path.join(dir, 'back.h265');
    fs.writeFileSync(file, data);
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-f', 'hevc', '-count_frames', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file]);
    return JSON.parse(stdout).streams[0];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
