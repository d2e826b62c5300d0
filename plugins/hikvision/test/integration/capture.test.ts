/** The capture switch on the real plugin: a live session's callbacks land in a .hikraw file that converts to a fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PsDemuxer } from '@nvr-pusher/core/media';
import { decodeHikRaw, hikRawToStream } from '../../src/format/hikraw-capture.js';
import { parseImkhHeader } from '../../src/format/imkh-header.js';
import { fixtureHikMedia } from '../support/hik-media.js';
import { never, startEmulatedPlugin, waitFor, type EmulatedPlugin } from '../support/emulated-plugin.js';
import { RecordingOutput } from '../support/recording-output.js';

let env: EmulatedPlugin;
const sub = `captures-${process.pid}`;

beforeAll(async () => {
  env = await startEmulatedPlugin({
    chunkMax: 1500,
    devices: [{ port: 8400, users: [{ name: 'admin', password: 'pw' }], channels: [{ no: 33, media: fixtureHikMedia() }] }],
  }, { dumpRaw: sub }); // relative: resolved against the config directory (here the emulator's)
});
afterAll(async () => {
  rmSync(join(env.emu.dir, sub), { recursive: true, force: true });
  await env?.source.dispose();
});

describe('dumpRaw', () => {
  it('writes every callback with its data type; the capture converts to a hik-ps stream that demuxes', async () => {
    const login = await env.source.login({ category: 0, addr: '127.0.0.1', port: 8400, user: 'admin', password: 'pw' }, never);
    const out = new RecordingOutput();
    const session = await env.source.openLive(login, 33, out, never);
    await waitFor(() => out.of('raw').length > 60, 10_000, 'live data');
    await session.close();
    await env.source.logout(login);
    const files = readdirSync(join(env.emu.dir, sub));
    expect(files).toHaveLength(1);
    const { records, truncatedBytes } = decodeHikRaw(readFileSync(join(env.emu.dir, sub, files[0]!)));
    expect(truncatedBytes).toBe(0);
    expect(records[0]!.dataType).toBe(1);
    expect(parseImkhHeader(records[0]!.bytes)).toMatchObject({ systemFormat: 2, audioFormat: 0x7111 });
    expect(records.slice(1).every((r) => r.dataType === 2 && r.bytes.length <= 1500)).toBe(true);
    // The capture holds exactly what the output received, in order.
    expect(Buffer.from(hikRawToStream(records)).equals(out.rawBytes())).toBe(true);
    const frames = new PsDemuxer().push(hikRawToStream(records));
    expect(frames.find((f) => f.track.kind === 'video')!.track).toMatchObject({ codec: 'h264', width: 640, height: 360 });
  });
});
