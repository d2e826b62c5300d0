/** Publishing to nginx-rtmp (Debian nginx + libnginx-mod-rtmp, real, child process), read back by ffprobe/ffmpeg. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasNginxRtmp, startNginxRtmp, type RtmpServer } from '../../../../test/support/rtmp-server.js';
import { freePort } from '../../../../test/support/ports.js';
import { probePackets, probeStreams, recordStream } from '../../../../test/support/reader.js';
import { NativeFlvSink, withDefaults } from '../../src/index.js';
import { feed, g711Frames, interleave, silentLogger, uniqueKey, videoFrames, workFile } from '../support/media.js';
import { establishedTo, until } from '../support/readback.js';

if (!hasNginxRtmp()) throw new Error('nginx with the rtmp module is required (apt-get install nginx libnginx-mod-rtmp)');

let server: RtmpServer;
const files: string[] = [];
beforeAll(async () => {
  server = await startNginxRtmp();
});
afterAll(async () => {
  await server?.stop();
  if (!process.env.KEEP_WORK) for (const f of files) fs.rmSync(f, { force: true });
});

const sink = new NativeFlvSink(withDefaults({ publishSettleMs: 100 }), silentLogger);
const passSink = new NativeFlvSink(withDefaults({ publishSettleMs: 100, audio: 'pass' }), silentLogger);
const open = (url: string, key: string, via = sink) => via.open({ url, streamKey: key, kind: 'live' });

describe('nginx-rtmp', () => {
  it('H.264 + G.711 µ-law with audio "pass": codecs and size by ffprobe, every frame recorded 40 ms apart', async () => {
    const key = uniqueKey('nginx-h264');
    const frames = interleave(videoFrames('h264-640x360-25fps.h264', 'h264'), g711Frames('sine-440hz-8k.mulaw', 'pcmu'));
    const out = workFile(`${key}.flv`);
    files.push(out);
    // nginx lets a player wait for a stream that is not published yet: the reader is there from the first frame.
    const recording = recordStream(server.rtmpUrl(key), out, 4);
    await until(() => establishedTo(server.rtmpPort) >= 1, 15_000, 'the reader to connect');
    // TCP is up; give ffmpeg time to send `play` before we publish. (Observed: an ffmpeg 5.1 reader whose `play`
    // reaches nginx within milliseconds after the publish records audio only — a reader start-up quirk; readers
    // joining later, or before the publish, get the video.)
    await new Promise((r) => setTimeout(r, 1000));
    const session = open(server.rtmpUrl(key), key, passSink);
    const fed = feed((f) => session.writeFrame(f), frames, 2);
    await session.published;
    await fed;
    expect(await recording).toBe(0);
    await session.close();
    // nginx keeps no GOP: a live probe joining now would see video only at the next key frame; probe the recording.
    const streams = await probeStreams(out);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'pcm_mulaw', sample_rate: '8000' });
    const packets = await probePackets(out);
    const video = packets.filter((p) => p.codec_type === 'video').map((p) => p.dts!);
    const audio = packets.filter((p) => p.codec_type === 'audio').map((p) => p.dts!);
    expect(video.length).toBe(100);
    expect(video.slice(1).map((d, i) => d - video[i]!)).toEqual(Array(99).fill(40));
    expect(audio.length).toBeGreaterThan(150);
    expect(audio.slice(1).every((d, i) => d > audio[i]!)).toBe(true);
    expect(session.stats()).toMatchObject({ framesIn: frames.length, framesOut: frames.length, dropped: 0 });
  }, 60_000);

  it('a second publisher on a busy name gets NetStream.Publish.BadName: 602 at step publish', async () => {
    const key = uniqueKey('nginx-busy');
    const frames = videoFrames('h264-640x360-25fps.h264', 'h264');
    const first = open(server.rtmpUrl(key), key);
    const fed = feed((f) => first.writeFrame(f), frames.slice(0, 75), 1);
    await first.published;
    const second = open(server.rtmpUrl(key), key);
    second.writeFrame(frames[0]!);
    await expect(second.published).rejects.toMatchObject({ code: 602, step: 'publish', message: expect.stringContaining('NetStream.Publish.BadName') });
    await second.close();
    await fed;
    await first.close();
  }, 30_000);

  it('a port nobody listens on: 602 at step tcp connect', async () => {
    const port = await freePort();
    const session = open(`rtmp://127.0.0.1:${port}/live/x`, 'x');
    await expect(session.published).rejects.toMatchObject({ code: 602, step: 'tcp connect', message: expect.stringContaining('ECONNREFUSED') });
    await session.close();
  });
});
