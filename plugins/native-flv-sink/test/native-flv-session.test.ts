import { afterEach, describe, expect, it } from 'vitest';
import type { AudioTrack, Logger, MediaFrame, VideoTrack } from '@nvr-pusher/core/contracts';
import { joinAnnexB } from '@nvr-pusher/core/media';
import { NativeFlvSink, withDefaults, type NativeFlvSinkOptions } from '../src/index.js';
import { MessageType } from '../src/format/rtmp-message.js';
import { decodeU32Payload, decodeUserControl } from '../src/format/rtmp-message.js';
import { decodeVideoTag } from '../src/format/video-tag.js';
import { startFakeRtmpServer, type FakeServer, type FakeServerScript } from './support/fake-rtmp-server.js';
import { silentLogger } from './support/media.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const SPS = hex('6764001eacb405017fcb80880000030008000003019078b175');
const PPS = hex('68ef3cb0');
const track: VideoTrack = { kind: 'video', codec: 'h264', width: 640, height: 360, sps: SPS, pps: PPS };
const frame = (i: number, key: boolean, size = 100): MediaFrame => ({
  track, dts: i * 40, pts: i * 40, key, data: joinAnnexB([new Uint8Array(size).fill(1).map((v, j) => (j === 0 ? (key ? 0x65 : 0x41) : v))]),
});

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup(script: FakeServerScript = {}, options: Partial<NativeFlvSinkOptions> = {}, key = 'cam1?token=t1', logger: Logger = silentLogger) {
  const server = await startFakeRtmpServer(script);
  servers.push(server);
  const sink = new NativeFlvSink(withDefaults({ stepTimeoutMs: 400, publishSettleMs: 50, ...options }), logger);
  const session = sink.open({ url: `rtmp://127.0.0.1:${server.port}/live/${key}`, streamKey: key, kind: 'live' });
  return { server, session };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('NativeFlvSession against a scripted server', () => {
  it('runs the publish steps in order, queues frames written before Publish.Start, resolves published', async () => {
    const { server, session } = await setup();
    for (let i = 0; i < 10; i++) session.writeFrame(frame(i, i === 0)); // GOP replay right after open()
    await session.published;
    const cmds = server.commands();
    expect(cmds.map((c) => c.name)).toEqual(['connect', 'releaseStream', 'FCPublish', 'createStream', 'publish']);
    expect(cmds[0]!.commandObject).toMatchObject({ app: 'live', tcUrl: `rtmp://127.0.0.1:${server.port}/live` });
    expect(cmds[4]!.args).toEqual(['cam1?token=t1', 'live']);
    expect(server.received[0]!.typeId).toBe(MessageType.setChunkSize);
    expect(decodeU32Payload(server.received[0]!, 'x')).toBe(4096);
    await until(() => server.received.filter((m) => m.typeId === MessageType.video).length === 11);
    const video = server.received.filter((m) => m.typeId === MessageType.video);
    expect(decodeVideoTag(video[0]!.payload).packetType).toBe('sequenceStart');
    expect(video.slice(1).map((m) => m.timestamp)).toEqual([0, 40, 80, 120, 160, 200, 240, 280, 320, 360]);
    expect(video.every((m) => m.streamId === 1)).toBe(true);
    expect(session.stats()).toMatchObject({ framesIn: 10, bytesIn: 10 * 104, framesOut: 10, dropped: 0, skipped: 0 });
    await session.close();
    expect(server.commands().map((c) => c.name).slice(-2)).toEqual(['FCUnpublish', 'deleteStream']);
  });

  it('answers pings, acknowledges per the window, answers Set Peer Bandwidth', async () => {
    const { server, session } = await setup({ ackWindow: 100 });
    session.writeFrame(frame(0, true));
    await session.published;
    server.ping(1234);
    await until(() => server.received.some((m) => m.typeId === MessageType.userControl));
    const pong = decodeUserControl(server.received.find((m) => m.typeId === MessageType.userControl)!);
    expect(pong).toEqual({ event: 7, value: 1234 });
    const ack = server.received.find((m) => m.typeId === MessageType.acknowledgement);
    expect(ack && decodeU32Payload(ack, 'ack')).toBeGreaterThanOrEqual(100);
    const win = server.received.find((m) => m.typeId === MessageType.windowAckSize);
    expect(win && decodeU32Payload(win, 'win')).toBe(5_000_000);
    await session.close();
  });

  for (const step of ['handshake', 'connect', 'createStream', 'publish'] as const) {
    it(`a server silent at ${step} fails published with 602 naming the step`, async () => {
      const { session } = await setup({ silentAt: step });
      session.writeFrame(frame(0, true));
      await expect(session.published).rejects.toMatchObject({ code: 602, step, message: expect.stringContaining('no answer within 400 ms') });
      await session.close();
    });
  }

  it('a server answering the handshake with another RTMP version → 602 handshake (protocol error)', async () => {
    const { session } = await setup({ badVersion: true });
    await expect(session.published).rejects.toMatchObject({ code: 602, step: 'handshake', message: expect.stringContaining('version 6') });
  });

  it('NetStream.Publish.BadName → 602 publish', async () => {
    const { session } = await setup({ publishCode: 'NetStream.Publish.BadName' });
    await expect(session.published).rejects.toMatchObject({ code: 602, step: 'publish', message: expect.stringContaining('BadName') });
  });

  it('connect answered with _error → 602 connect carrying the server\'s code', async () => {
    const { session } = await setup({ connectError: 'NetConnection.Connect.Rejected' });
    await expect(session.published).rejects.toMatchObject({ code: 602, step: 'connect', message: expect.stringContaining('NetConnection.Connect.Rejected') });
  });

  it('logs once that SRS drops G.711 when audio is passed; says nothing with audio "drop" or "aac"', async () => {
    const alaw: AudioTrack = { kind: 'audio', codec: 'pcma', sampleRate: 8000, channels: 1 };
    const audio = (i: number): MediaFrame => ({ track: alaw, dts: i * 20, pts: i * 20, key: true, data: new Uint8Array(160) });
    for (const mode of ['pass', 'drop', 'aac'] as const) {
      const lines: string[] = [];
      const logger: Logger = { ...silentLogger, info: (_o: unknown, msg?: string) => void lines.push(msg ?? ''), child: () => logger };
      const { session } = await setup({}, { audio: mode }, `g711-${mode}`, logger);
      session.writeFrame(frame(0, true));
      for (let i = 0; i < 5; i++) session.writeFrame(audio(i));
      await session.published;
      expect(lines.filter((l) => l.includes('SRS drops G.711')).length).toBe(mode === 'pass' ? 1 : 0);
      await session.close();
    }
  });

  it('a close right after Publish.Start (busy name on SRS/node-media-server) → 602 publish, even with frames flowing', async () => {
    const { session } = await setup({ closeAfterPublishStart: true }, { publishSettleMs: 500 });
    session.writeFrame(frame(0, true));
    await expect(session.published).rejects.toMatchObject({ code: 602, step: 'publish' });
    session.writeFrame(frame(1, false)); // after the end: ignored, no throw
  });

  it('default settings: published resolves at the first key frame, a close right after Publish.Start becomes failed (602)', async () => {
    const { session } = await setup({ closeAfterPublishStart: true }, { publishSettleMs: 0 });
    session.writeFrame(frame(0, true));
    const ended = await session.published.then(() => session.failed, (e: unknown) => e);
    expect(ended).toMatchObject({ code: 602 });
    await session.close();
  });

  it('a server drop after published resolves failed with 602; close() afterwards is quiet', async () => {
    const { server, session } = await setup();
    session.writeFrame(frame(0, true));
    await session.published;
    server.dropAll();
    await expect(session.failed).resolves.toMatchObject({ code: 602, message: expect.stringContaining('server closed the connection') });
    session.writeFrame(frame(1, false));
    await session.close();
    await session.close();
  });

  it('close() before the server answers: published rejects, failed never resolves', async () => {
    const { session } = await setup({ silentAt: 'connect' }, { stepTimeoutMs: 5000 });
    let failed = false;
    void session.failed.then(() => (failed = true));
    await new Promise((r) => setTimeout(r, 50));
    await session.close();
    await expect(session.published).rejects.toMatchObject({ code: 602 });
    await new Promise((r) => setTimeout(r, 100));
    expect(failed).toBe(false);
  });

  it('back-pressure: drops non-key frames (and key frames while congested) once the socket queue passes the limit', async () => {
    const { session } = await setup({ stallAfterPublish: true }, { maxBufferedBytes: 64 * 1024 });
    session.writeFrame(frame(0, true, 1000));
    await session.published;
    let inBytes = 0;
    for (let i = 1; i < 400; i++) {
      const f = frame(i, i % 50 === 0, 60_000);
      inBytes += f.data.length;
      session.writeFrame(f);
    }
    const s = session.stats();
    expect(s.framesIn).toBe(400);
    expect(s.dropped).toBeGreaterThan(0);
    expect(s.skipped).toBe(0);
    expect(s.framesIn).toBe(s.framesOut + s.dropped);
    expect(s.bytesOut).toBeLessThan(inBytes);
    await session.close();
  });

  it('before Publish.Start: frames wait in a bounded queue; on overflow it restarts at a key frame', async () => {
    const { server, session } = await setup({ publishDelayMs: 300 }, { maxBufferedBytes: 64 * 1024 });
    session.writeFrame(frame(0, false)); // before any key frame: not even queued
    for (let i = 1; i < 30; i++) session.writeFrame(frame(i, i === 1 || i === 20, 5000)); // 29 × 5 kB > 64 KiB
    await session.published;
    await until(() => server.received.filter((m) => m.typeId === MessageType.video).length >= 2);
    const s = session.stats();
    expect(s.framesIn).toBe(30);
    expect(s.framesIn).toBe(s.framesOut + s.dropped + s.skipped);
    expect(s.skipped).toBe(1); // the frame before any key frame
    expect(s.dropped).toBe(19); // frames 1..19, cleared on overflow or waiting for key frame 20
    const coded = server.received.filter((m) => m.typeId === MessageType.video).map((m) => decodeVideoTag(m.payload)).filter((v) => v.packetType === 'codedFrames');
    await until(() => server.received.filter((m) => m.typeId === MessageType.video).length === s.framesOut + 1);
    expect(coded[0]!.frameType).toBe(1); // what went out starts at a key frame
    expect(s.framesOut).toBe(10); // frames 20..29: the queue restarted at the key frame 20
    await session.close();
  });

  it('an unusable URL fails published with 602', async () => {
    const sink = new NativeFlvSink(withDefaults(), silentLogger);
    const session = sink.open({ url: 'rtmp://127.0.0.1/onlyapp', streamKey: 'x', kind: 'live' });
    await expect(session.published).rejects.toMatchObject({ code: 602 });
    await session.close();
  });
});
