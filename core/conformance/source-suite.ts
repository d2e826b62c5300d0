/**
 * The source conformance kit (after keyv's test-suite): any source plugin runs it against itself with a few
 * lines, e.g. `sourceConformance({ name: 'simulator', setup })`. Test names state the contract of
 * `core/contracts/nvr-source.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PusherError, StatusCode,
  type FormatLookup, type NvrCredentials, type NvrSource, type PlaybackSource, type PtzSource, type WallTime,
} from '@nvr-pusher/core/contracts';
import { RecordingOutput } from './recording-output.js';

export interface SourceUnderTest {
  source: NvrSource & Partial<PlaybackSource> & Partial<PtzSource>;
  formats: FormatLookup;
  credentials: NvrCredentials;
  /** Credentials the NVR rejects. */
  badCredentials: NvrCredentials;
  liveChannel: number;
  /** A range with recordings on `liveChannel`, for playback sources. */
  recorded?: { start: WallTime; end: WallTime };
  /** Waits for `source` media (real-time sources need a moment). Default 8 s. */
  mediaTimeoutMs?: number;
  teardown(): Promise<void>;
}

export interface ConformanceOptions {
  name: string;
  capabilities: { playback?: boolean; seek?: boolean; ptz?: boolean };
  /** A channel whose live play the fixture NVR refuses (603), if it can make one. */
  refusedChannel?: number;
  setup(): Promise<SourceUnderTest>;
}

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const never = () => new AbortController().signal;

export function sourceConformance(opts: ConformanceOptions): void {
  describe(`source conformance: ${opts.name}`, () => {
    let t: SourceUnderTest;
    beforeAll(async () => { t = await opts.setup(); }, 60_000);
    afterAll(async () => { await t?.teardown(); });

    it('login() resolves a login whose printable id carries no password', async () => {
      const login = await t.source.login(t.credentials, never());
      expect(typeof login.id).toBe('string');
      expect(login.id).not.toContain(t.credentials.password);
      await t.source.logout(login);
    });

    it('login() rejects with ERR_NVR_LOGIN (606) naming the vendor for rejected credentials', async () => {
      const err = await t.source.login(t.badCredentials, never()).catch((e) => e);
      expect(err).toBeInstanceOf(PusherError);
      expect(err.code).toBe(StatusCode.ERR_NVR_LOGIN);
      expect(err.message).not.toContain(t.badCredentials.password);
    });

    it('login() rejects when its signal is already aborted', async () => {
      const ac = new AbortController();
      ac.abort(new Error('aborted by test'));
      await expect(t.source.login(t.credentials, ac.signal)).rejects.toBeDefined();
    });

    it('openLive() delivers media with a video key frame, and close() stops all output', async () => {
      const login = await t.source.login(t.credentials, never());
      const out = new RecordingOutput(t.formats);
      const session = await t.source.openLive(login, t.liveChannel, out, never());
      await until(() => out.videoKeyFrames.length > 0, t.mediaTimeoutMs ?? 8000, 'a video key frame');
      const key = out.videoKeyFrames[0]!;
      expect(key.track.kind).toBe('video');
      expect(['h264', 'h265']).toContain(key.track.kind === 'video' ? key.track.codec : '');
      await session.close();
      out.seal();
      await new Promise((r) => setTimeout(r, 300));
      expect(out.lateWrites).toBe(0);
      await t.source.logout(login);
    });

    if (opts.refusedChannel !== undefined) {
      it('openLive() rejects with ERR_PLAY_REAL (603) when the NVR refuses', async () => {
        const login = await t.source.login(t.credentials, never());
        const err = await t.source.openLive(login, opts.refusedChannel!, new RecordingOutput(t.formats), never()).catch((e) => e);
        expect(err).toBeInstanceOf(PusherError);
        expect(err.code).toBe(StatusCode.ERR_PLAY_REAL);
        await t.source.logout(login);
      });
    }

    if (opts.capabilities.playback) {
      it('findRecords() lists recordings in time order with start < stop and byte sizes', async () => {
        const login = await t.source.login(t.credentials, never());
        const files = await t.source.findRecords!(login, t.liveChannel, t.recorded!.start, t.recorded!.end, never());
        expect(files.length).toBeGreaterThan(0);
        for (const f of files) {
          expect(f.start).toBeLessThan(f.stop);
          expect(f.fileSize).toBeGreaterThanOrEqual(0);
          expect(f.fileName.length).toBeGreaterThan(0);
        }
        expect([...files].sort((a, b) => a.start - b.start)).toEqual(files);
        await t.source.logout(login);
      });

      it('openPlayback() delivers media and close() stops it', async () => {
        const login = await t.source.login(t.credentials, never());
        const out = new RecordingOutput(t.formats);
        const session = await t.source.openPlayback!(login, t.liveChannel, t.recorded!.start, t.recorded!.end, out, never());
        await until(() => out.videoKeyFrames.length > 0, t.mediaTimeoutMs ?? 8000, 'a playback key frame');
        if (opts.capabilities.seek) {
          const seekable = session as { seek?: (t: WallTime) => Promise<void> };
          expect(typeof seekable.seek).toBe('function');
          await seekable.seek!(t.recorded!.start + Math.floor((t.recorded!.end - t.recorded!.start) / 2));
          await until(() => out.discontinuities.length > 0, 3000, 'a discontinuity after seek');
        }
        await session.close();
        out.seal();
        await new Promise((r) => setTimeout(r, 300));
        expect(out.lateWrites).toBe(0);
        await t.source.logout(login);
      });
    }

    if (opts.capabilities.ptz) {
      it('ptz() starts and stops a move', async () => {
        const login = await t.source.login(t.credentials, never());
        await t.source.ptz!(login, t.liveChannel, 9, false, never());
        await t.source.ptz!(login, t.liveChannel, 9, true, never());
        await t.source.logout(login);
      });
    }

    it('logout() of an unknown or already logged-out login never throws', async () => {
      const login = await t.source.login(t.credentials, never());
      await t.source.logout(login);
      await expect(t.source.logout(login)).resolves.toBeUndefined();
    });
  });
}
