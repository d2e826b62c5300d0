/**
 * An RTSP play session: DESCRIBE → SETUP (every supported track, interleaved) → PLAY, then frames until closed;
 * keep-alive with GET_PARAMETER (or OPTIONS where the server does not list it) at half the session timeout.
 */
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { header } from '../format/rtsp-message.js';
import { RtpFrameAssembler } from '../format/rtp-frames.js';
import { parseSdp, resolveControl, type SdpMedia } from '../format/sdp.js';
import { trackFromSdp, type TrackSpec } from '../format/track-config.js';
import { RtspConnection, RtspError, stripCredentials } from './rtsp-connection.js';

export interface RtspPlayOptions {
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
  /** Upper bound of the keep-alive interval (the server's session timeout halves it further). */
  keepAliveMs: number;
  /** PLAY Range header (`npt=0.000-` when absent). */
  range?: string;
  /** Headers sent with DESCRIBE, SETUP and PLAY (e.g. `Require: onvif-replay`). */
  headers?: readonly (readonly [string, string])[];
  /** Headers sent with PLAY only (e.g. `Rate-Control: no`). */
  playHeaders?: readonly (readonly [string, string])[];
}

export interface RtspPlayEvents {
  frames(frames: MediaFrame[]): void;
  /** The connection broke after PLAY (not called after close()). */
  lost(error: RtspError): void;
}

export class RtspPlay {
  private keepAlive?: NodeJS.Timeout;
  private closing = false;

  private constructor(private readonly conn: RtspConnection, private readonly url: string, readonly tracks: readonly TrackSpec[]) {}

  static async open(o: RtspPlayOptions, events: RtspPlayEvents, signal: AbortSignal): Promise<RtspPlay> {
    const url = stripCredentials(o.url);
    const conn = await RtspConnection.connect(url, { user: o.user, password: o.password, timeoutMs: o.timeoutMs }, signal);
    const onAbort = () => conn.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const extra = o.headers ?? [];
      const options = await conn.request('OPTIONS', url, extra).catch((e: unknown) => {
        if (e instanceof RtspError && e.status === 401) throw e;
        return undefined; // some cameras refuse OPTIONS; DESCRIBE decides
      });
      const describe = await describeWithRetry(conn, url, extra, signal);
      const base = header(describe, 'content-base') ?? header(describe, 'content-location') ?? url;
      const sdp = parseSdp(new TextDecoder().decode(describe.body));
      // Aggregate control (RFC 2326 §C.1.1): PLAY, keep-alive and TEARDOWN go to the session's control URL.
      const aggregate = resolveControl(base, sdp.control);
      const chosen = pickTracks(sdp.media);
      if (!chosen.some((t) => t.spec.kind === 'video')) throw new RtspError(415, 'Unsupported Media Type', 'the stream has no H.264 or H.265 video track');
      const channelOf = new Map<number, number>();
      for (const [i, t] of chosen.entries()) {
        const r = await conn.request('SETUP', resolveControl(base, t.media.control), [
          ['Transport', `RTP/AVP/TCP;unicast;interleaved=${2 * i}-${2 * i + 1}`], ...extra,
        ]);
        const got = /interleaved=(\d+)(?:-(\d+))?/.exec(header(r, 'transport') ?? '');
        const rtp = got ? Number(got[1]) : 2 * i;
        channelOf.set(rtp, 2 * i);
        channelOf.set(got?.[2] !== undefined ? Number(got[2]) : rtp + 1, 2 * i + 1);
      }
      const assembler = new RtpFrameAssembler(chosen);
      const play = new RtspPlay(conn, aggregate, chosen.map((t) => t.spec));
      conn.onPacket = (channel, data) => {
        const mine = channelOf.get(channel);
        if (mine === undefined) return;
        let frames: MediaFrame[];
        try {
          frames = assembler.packet(mine, data);
        } catch (e) {
          return play.malformed(e as Error, events);
        }
        if (frames.length) events.frames(frames);
      };
      conn.onClose = (e) => {
        play.stopKeepAlive();
        if (!play.closing) events.lost(e);
      };
      const playResponse = await conn.request('PLAY', aggregate, [['Range', o.range ?? 'npt=0.000-'], ...extra, ...(o.playHeaders ?? [])]);
      const timeout = Number(/timeout=(\d+)/.exec(header(playResponse, 'session') ?? '')?.[1] ?? 60);
      const usesGetParameter = (options ? header(options, 'public') ?? '' : '').toUpperCase().includes('GET_PARAMETER');
      play.startKeepAlive(Math.max(1000, Math.min(o.keepAliveMs, (timeout * 1000) / 2)), usesGetParameter ? 'GET_PARAMETER' : 'OPTIONS');
      return play;
    } catch (e) {
      conn.close();
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Connects, DESCRIBEs and disconnects: proves the URL and the account. Resolves the SDP text. */
  static async describe(o: Pick<RtspPlayOptions, 'url' | 'user' | 'password' | 'timeoutMs'>, signal: AbortSignal): Promise<string> {
    const url = stripCredentials(o.url);
    const conn = await RtspConnection.connect(url, { user: o.user, password: o.password, timeoutMs: o.timeoutMs }, signal);
    try {
      const r = await conn.request('DESCRIBE', url, [['Accept', 'application/sdp']]);
      return new TextDecoder().decode(r.body);
    } finally {
      conn.close();
    }
  }

  private malformed(e: Error, events: RtspPlayEvents): void {
    // A packet that can never be valid: the stream is broken; report it once and drop the connection.
    if (this.closing) return;
    this.closing = true;
    this.stopKeepAlive();
    this.conn.close();
    events.lost(new RtspError(0, 'malformed', `malformed media from the RTSP server: ${e.message}`));
  }

  private startKeepAlive(ms: number, method: string): void {
    this.keepAlive = setInterval(() => {
      this.conn.request(method, this.url).catch(() => undefined); // a dead server shows up as onClose
    }, ms);
    this.keepAlive.unref();
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }

  /** TEARDOWN (best effort, short wait) and close. Never throws. */
  async close(): Promise<void> {
    if (this.closing && this.conn.isClosed) return;
    this.closing = true;
    this.stopKeepAlive();
    if (!this.conn.isClosed) {
      await Promise.race([this.conn.request('TEARDOWN', this.url).catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    }
    this.conn.close();
  }
}

/** Attempts of a DESCRIBE the server answers 503 (busy, e.g. a shared media still tearing down). */
const DESCRIBE_ATTEMPTS = 4;

async function describeWithRetry(conn: RtspConnection, url: string, extra: readonly (readonly [string, string])[], signal: AbortSignal) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await conn.request('DESCRIBE', url, [['Accept', 'application/sdp'], ...extra]);
    } catch (e) {
      if (!(e instanceof RtspError) || e.status !== 503 || attempt >= DESCRIBE_ATTEMPTS) throw e;
      // Retry-After in seconds when the server gives it (capped), else a short pause growing per attempt.
      const after = Math.min(Number(e.retryAfter) || 0, 5) * 1000 || 250 * attempt;
      await new Promise((r) => setTimeout(r, after));
      signal.throwIfAborted();
    }
  }
}

/** The first H.264/H.265 track and the first supported audio track, in SDP order. */
function pickTracks(media: readonly SdpMedia[]): { spec: TrackSpec; media: SdpMedia }[] {
  const out: { spec: TrackSpec; media: SdpMedia }[] = [];
  for (const m of media) {
    const spec = trackFromSdp(m);
    if (!spec || out.some((t) => t.spec.kind === spec.kind)) continue;
    out.push({ spec, media: m });
  }
  return out;
}
