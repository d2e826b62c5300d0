/**
 * RTP timestamps → milliseconds on one timeline shared by every track of a session. Each track starts at its
 * first packet's timestamp (32-bit wrap-around unwrapped); once RTCP sender reports of two tracks are known,
 * the later track is shifted onto the first track's NTP mapping (RFC 3550 §6.4.1), so audio and video line up.
 */
import type { SenderReport } from './rtp-packet.js';

export class SessionClock {
  /** ms_on_timeline = ntpMs - reference, from the first track that sent a report. */
  private reference?: number;
  private readonly tracks = new Map<number, TrackClock>();

  track(key: number, clockRate: number): TrackClock {
    let t = this.tracks.get(key);
    if (!t) {
      t = new TrackClock(clockRate);
      this.tracks.set(key, t);
    }
    return t;
  }

  /** A sender report for the track `key`. The first report of each track aligns it; later ones are ignored. */
  report(key: number, sr: SenderReport): void {
    const t = this.tracks.get(key);
    if (!t || t.aligned || !t.started) return;
    const trackMs = t.toMs(sr.rtpTimestamp, false);
    if (this.reference === undefined) {
      this.reference = sr.ntpMs - trackMs;
      t.aligned = true;
      return;
    }
    const wanted = sr.ntpMs - this.reference;
    t.shift(wanted - trackMs);
    t.aligned = true;
  }
}

export class TrackClock {
  private base = 0;
  private last = 0;
  private wraps = 0;
  private offsetMs = 0;
  started = false;
  aligned = false;

  constructor(readonly clockRate: number) {}

  /** Milliseconds for an RTP timestamp; `advance` = a packet in sequence (updates the unwrap state). */
  toMs(ts: number, advance = true): number {
    if (!this.started) {
      if (!advance) return 0;
      this.started = true;
      this.base = ts;
      this.last = ts;
    }
    let wraps = this.wraps;
    const diff = ts - this.last;
    if (diff < -0x8000_0000) wraps++;
    else if (diff > 0x8000_0000) wraps--;
    if (advance) {
      this.wraps = wraps;
      this.last = ts;
    }
    const ticks = ts + wraps * 0x1_0000_0000 - this.base;
    return (ticks * 1000) / this.clockRate + this.offsetMs;
  }

  shift(ms: number): void {
    this.offsetMs += ms;
  }
}
