/** Publishing to node-media-server 4 (real, child process), read back by ffprobe/ffmpeg and over HTTP-FLV. */
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeMediaServer, type RtmpServer } from '../../../../test/support/rtmp-server.js';
import { FFMPEG, FFPROBE, probePackets, probeStreams, recordStream } from '../../../../test/support/reader.js';
import { NativeFlvSink, withDefaults } from '../../src/index.js';
import { aacFrames, feed, FIXTURES, g711Frames, interleave, shift, silentLogger, uniqueKey, videoFrames, workFile } from '../support/media.js';
import { establishedTo, fetchFlv, readHevcOverHttpFlv, until } from '../support/readback.js';

const run = promisify(execFile);
let server: RtmpServer;
const files: string[] = [];
beforeAll(async () => {
  server = await startNodeMediaServer();
});
afterAll(async () => {
  await server?.stop();
  if (!process.env.KEEP_WORK) for (const f of files) fs.rmSync(f, { force: true });
});

const sink = new NativeFlvSink(withDefaults({ publishSettleMs: 100 }), silentLogger);
const passSink = new NativeFlvSink(withDefaults({ publishSettleMs: 100, audio: 'pass' }), silentLogger);
const open = (key: string, via = sink) => via.open({ url: server.rtmpUrl(key), streamKey: key, kind: 'live' });

describe('node-media-server', () => {
  it('H.264 + G.711 A-law with the default audio "aac": ffprobe reads h264 + aac 8 kHz mono, ffmpeg decodes the audio without an error', async () => {
    const key = uniqueKey('nms-aac');
    const all = interleave(videoFrames('h264-640x360-25fps.h264', 'h264'), g711Frames('speech-8k.alaw', 'pcma').slice(0, 250));
    const session = open(key);
    const out = workFile(`${key}.flv`);
    files.push(out);
    const firstGop = all.findIndex((f) => f.track.kind === 'video' && f.key && f.dts > 0);
    await feed((f) => session.writeFrame(f), all.slice(0, firstGop - 5), 2);
    await session.published;
    const recording = recordStream(server.rtmpUrl(key), out, 2);
    await until(() => establishedTo(server.rtmpPort) >= 2, 15_000, 'the reader to connect');
    await feed((f) => session.writeFrame(f), all.slice(firstGop - 5), 2);
    await session.close(); // the stream ends: the reader stops with what it got
    expect(await recording).toBe(0);
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,sample_rate,channels', '-of', 'json', out]);
    const streams = JSON.parse(stdout).streams as { codec_type: string }[];
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264' });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '8000', channels: 1 });
    const decoded = await run(FFMPEG, ['-v', 'error', '-i', out, '-map', '0:a', '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 16 << 20 });
    expect(decoded.stderr.toString()).toBe('');
    expect(decoded.stdout.length).toBeGreaterThan(1.5 * 8000 * 2); // most of the 2 s recorded
  }, 60_000);

  it('H.264 + G.711 A-law with audio "pass": ffprobe sees the codecs and size; no frame lost and dts increasing across a clock jump', async () => {
    const key = uniqueKey('nms-h264');
    const segment = interleave(videoFrames('h264-640x360-25fps.h264', 'h264'), g711Frames('sine-440hz-8k.alaw', 'pcma'));
    // Second segment: the NVR clock jumped back by 100 s (with a discontinuity), all timestamps shifted.
    const later = shift(segment, -100_000);
    const all = [...segment, ...later];
    const session = open(key, passSink);
    const out = workFile(`${key}.flv`);
    files.push(out);
    // The reader joins during the first GOP (before the jump at 5 s) and records 5 s of media from where it joined.
    const firstGop = all.findIndex((f) => f.track.kind === 'video' && f.key && f.dts > 0);
    await feed((f) => session.writeFrame(f), all.slice(0, firstGop - 5), 2);
    await session.published;
    const recording = recordStream(server.rtmpUrl(key), out, 5);
    await until(() => establishedTo(server.rtmpPort) >= 2, 15_000, 'the reader to connect');
    const probing = probeStreams(server.rtmpUrl(key));
    await feed((f) => session.writeFrame(f), all.slice(firstGop - 5), 2, (f) => {
      if (f === later[0]) session.discontinuity();
    });
    const streams = await probing;
    expect(await recording).toBe(0);
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'pcm_alaw', sample_rate: '8000' });

    const packets = await probePackets(out);
    const video = packets.filter((p) => p.codec_type === 'video').map((p) => p.dts!);
    const audio = packets.filter((p) => p.codec_type === 'audio').map((p) => p.dts!);
    // 5 s recorded at 25 fps: 125 frames 40 ms apart, across the clock jump at 5 s: none lost, none repeated.
    expect(video.length).toBe(125);
    expect(video.slice(1).map((d, i) => d - video[i]!)).toEqual(Array(124).fill(40));
    expect(audio.length).toBeGreaterThan(200);
    expect(audio.slice(1).every((d, i) => d > audio[i]!)).toBe(true);
    const stats = session.stats();
    expect(stats).toMatchObject({ framesIn: all.length, framesOut: all.length, dropped: 0 });
    await session.close();
  }, 60_000);

  it('H.265 over Enhanced RTMP: HTTP-FLV read back, NAL units extracted, ffprobe -f hevc counts every frame', async () => {
    const key = uniqueKey('nms-h265');
    const frames = videoFrames('h265-640x360-25fps.h265', 'h265');
    const session = open(key);
    const fed = feed((f) => session.writeFrame(f), frames, 2);
    await session.published;
    const back = await readHevcOverHttpFlv(server.httpFlvUrl(key), frames.length, 20_000);
    await fed;
    await session.close();
    expect(back.timestamps.length).toBe(frames.length);
    expect(back.timestamps.slice(1).map((t, i) => t - back.timestamps[i]!)).toEqual(Array(frames.length - 1).fill(40));
    const file = workFile(`${key}.h265`);
    files.push(file);
    fs.writeFileSync(file, back.annexB);
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-f', 'hevc', '-count_frames', '-show_entries', 'stream=codec_name,width,height,nb_read_frames', '-of', 'json', file]);
    const [s] = JSON.parse(stdout).streams;
    expect(s).toMatchObject({ codec_name: 'hevc', width: 640, height: 360, nb_read_frames: String(frames.length) });
  }, 60_000);

  it('H.264 with B-frames: ffprobe reads pts − dts back as sent (composition time) and decodes every frame', async () => {
    const key = uniqueKey('nms-bframes');
    const file = 'h264-bframes-640x360.h264';
    // Presentation order from ffprobe (frames come out in display order, each naming its decode-order number).
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-f', 'h264', '-show_entries', 'frame=coded_picture_number', '-of', 'json', `${FIXTURES}/${file}`]);
    const display = (JSON.parse(stdout).frames as { coded_picture_number: number }[]).map((f) => f.coded_picture_number);
    const decoded = videoFrames(file, 'h264');
    expect(display.length).toBe(decoded.length);
    const displayIndex = new Map(display.map((coded, i) => [coded, i]));
    const delay = Math.max(...decoded.map((_, i) => i - displayIndex.get(i)!)) * 40;
    const frames = decoded.map((f, i) => ({ ...f, dts: i * 40, pts: displayIndex.get(i)! * 40 + delay }));
    expect(frames.some((f) => f.pts - f.dts !== delay)).toBe(true); // the clip really reorders

    const session = open(key);
    const fed = feed((f) => session.writeFrame(f), frames, 2);
    await session.published;
    const flv = await fetchFlv(server.httpFlvUrl(key), frames.length, 20_000);
    await fed;
    await session.close();
    const out = workFile(`${key}.flv`);
    files.push(out);
    fs.writeFileSync(out, flv);
    const video = (await probePackets(out)).filter((p) => p.codec_type === 'video');
    expect(video.map((p) => p.pts! - p.dts!)).toEqual(frames.map((f) => f.pts - f.dts));
    const counted = await run(FFPROBE, ['-v', 'error', '-count_frames', '-select_streams', 'v', '-show_entries', 'stream=nb_read_frames', '-of', 'json', out]);
    expect(JSON.parse(counted.stdout).streams[0].nb_read_frames).toBe(String(frames.length));
  }, 60_000);

  it('a parameter change mid-stream (new track) sends a new sequence header: ffprobe decodes both sizes', async () => {
    const key = uniqueKey('nms-resize');
    // A second clip at another size, made now by ffmpeg (libx264, SPS/PPS only in its own first access unit).
    const small = workFile(`${key}-320x240.h264`);
    files.push(small);
    await run(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '2', '-c:v', 'libx264', '-bf', '0', '-g', '25', '-f', 'h264', small]);
    const first = videoFrames('h264-640x360-25fps.h264', 'h264').slice(0, 50);
    const second = videoFrames(small, 'h264').map((f, i) => ({ ...f, dts: 2000 + i * 40, pts: 2000 + i * 40 }));
    expect(second[0]!.track).not.toBe(first[0]!.track);
    const frames = [...first, ...second];
    const session = open(key);
    const fed = feed((f) => session.writeFrame(f), frames, 2);
    await session.published;
    const flv = await fetchFlv(server.httpFlvUrl(key), frames.length, 20_000);
    await fed;
    await session.close();
    const out = workFile(`${key}.flv`);
    files.push(out);
    fs.writeFileSync(out, flv);
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-select_streams', 'v', '-show_entries', 'frame=width,height', '-of', 'json', out]);
    const sizes = (JSON.parse(stdout).frames as { width: number; height: number }[]).map((f) => `${f.width}x${f.height}`);
    expect(sizes.length).toBe(frames.length);
    expect(sizes.slice(0, 50).every((s) => s === '640x360')).toBe(true);
    expect(sizes.slice(50).every((s) => s === '320x240')).toBe(true);
  }, 60_000);

  it('H.264 + AAC: AudioSpecificConfig sequence header and raw frames; ffprobe sees aac and decodes every audio frame', async () => {
    const key = uniqueKey('nms-aac');
    const adts = workFile(`${key}.aac`);
    files.push(adts);
    await run(FFMPEG, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=16000', '-t', '3', '-c:a', 'aac', '-ac', '1', '-b:a', '32k', '-f', 'adts', adts]);
    const audio = aacFrames(adts);
    const video = videoFrames('h264-640x360-25fps.h264', 'h264').slice(0, 75);
    const frames = interleave(video, audio.filter((f) => f.dts < 3000));
    const session = open(key);
    const fed = feed((f) => session.writeFrame(f), frames, 2);
    await session.published;
    const flv = await fetchFlv(server.httpFlvUrl(key), video.length, 20_000);
    await fed;
    await session.close();
    const out = workFile(`${key}.flv`);
    files.push(out);
    fs.writeFileSync(out, flv);
    const streams = await probeStreams(out);
    expect(streams.find((s) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', sample_rate: '16000' });
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-count_frames', '-select_streams', 'a', '-show_entries', 'stream=nb_read_frames', '-of', 'json', out]);
    const sentBeforeLastVideo = frames.filter((f) => f.track.kind === 'audio' && f.dts <= video.at(-1)!.dts).length;
    // Every audio frame up to the last video frame fetched was decoded (HTTP-FLV reading stops at that video frame).
    expect(Number(JSON.parse(stdout).streams[0].nb_read_frames)).toBeGreaterThanOrEqual(sentBeforeLastVideo - 1);
  }, 60_000);

  it('one process, many streams: 30 sessions publish at once, every frame goes out, a sample reads back', async () => {
    const frames = videoFrames('h264-640x360-25fps.h264', 'h264').slice(0, 60);
    const keys = Array.from({ length: 30 }, () => uniqueKey('nms-many'));
    const sessions = keys.map((k) => open(k));
    const feeding = sessions.map((s) => feed((f) => s.writeFrame(f), frames, 1));
    await Promise.all(sessions.map((s) => s.published));
    const streams = await probeStreams(server.rtmpUrl(keys[17]!));
    expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    await Promise.all(feeding);
    for (const s of sessions) expect(s.stats()).toMatchObject({ framesIn: 60, framesOut: 60, dropped: 0 });
    await Promise.all(sessions.map((s) => s.close()));
  }, 60_000);

  it('a second publisher on a busy name is closed after Publish.Start: the session ends with a 602 (no settle wait)', async () => {
    const key = uniqueKey('nms-busy');
    const frames = videoFrames('h264-640x360-25fps.h264', 'h264');
    const first = open(key);
    const fed = feed((f) => first.writeFrame(f), frames, 1);
    await first.published;
    const second = open(key);
    for (const f of frames.slice(0, 10)) second.writeFrame(f);
    // The key frame may be on the socket before node-media-server's close arrives: then `failed` carries the 602
    // (the core re-publishes); otherwise `published` rejects. Either way the publication ends, at once.
    const ended = await second.published.then(() => second.failed, (e: unknown) => e);
    expect(ended).toMatchObject({ code: 602 });
    await second.close();
    await first.close();
    await fed;
  }, 30_000);
});

describe('node-media-server killed while publishing', () => {
  it('resolves failed with a 602, nothing throws; a new session on the same key replaying the GOP publishes again', async () => {
    const own = await startNodeMediaServer();
    try {
      const key = uniqueKey('nms-kill');
      const session = sink.open({ url: own.rtmpUrl(key), streamKey: key, kind: 'live' });
      const frames = videoFrames('h264-640x360-25fps.h264', 'h264');
      let n = 0;
      const fed = feed((f) => { n++; session.writeFrame(f); }, frames, 1, (_f, i) => {
        if (i === 60) void own.kill(); // mid-GOP, 2.4 s in
      });
      await session.published;
      const err = await session.failed;
      expect(err).toMatchObject({ code: 602 });
      expect(n).toBeLessThan(frames.length); // it died mid-stream
      await fed; // writing into the dead session is harmless
      expect(session.stats().framesOut).toBeLessThan(frames.length);
      await session.close();

      // What the core does next: restart (here: the server comes back), new session, replay of the last GOP.
      await own.restart();
      const again = sink.open({ url: own.rtmpUrl(key), streamKey: key, kind: 'live' });
      const lastKey = frames.slice(0, 61).map((f) => f.key).lastIndexOf(true);
      const refeed = feed((f) => again.writeFrame(f), frames.slice(lastKey), 1);
      await again.published;
      const streams = await probeStreams(own.rtmpUrl(key));
      expect(streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
      await refeed;
      expect(again.stats()).toMatchObject({ framesIn: frames.length - lastKey, framesOut: frames.length - lastKey, dropped: 0 });
      await again.close();
    } finally {
      await own.stop();
    }
  }, 45_000);
});
