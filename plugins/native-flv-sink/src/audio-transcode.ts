/**
 * `audio: 'aac'`: G.711 tracks become AAC-LC inside the process (SRS and browsers drop G.711), AAC passes through.
 * One transcoder per source track; the AAC track object stays the same while the source track does, so the muxer
 * sends one AAC sequence header per source track.
 */
import type { AudioTrack, MediaFrame } from '@nvr-pusher/core/contracts';
import { G711AacTranscoder, SUPPORTED_AAC_SAMPLE_RATES } from '@nvr-pusher/core/media';

export class AudioTranscodeStage {
  private source?: AudioTrack;
  private transcoder?: G711AacTranscoder;
  private output?: AudioTrack;
  /** AAC blocks produced (stats). */
  framesOut = 0;

  /** The frames to publish for one source audio frame (none while an AAC block is still filling). */
  map(frame: MediaFrame & { track: AudioTrack }): MediaFrame[] {
    const track = frame.track;
    if (track.codec === 'aac') return [frame];
    if (track !== this.source) this.open(track);
    if (!this.transcoder) return [];
    const out: MediaFrame[] = [];
    for (const f of this.transcoder.push(frame.data, frame.dts)) out.push({ track: this.output!, dts: f.dts, pts: f.dts, key: true, data: f.data });
    this.framesOut += out.length;
    return out;
  }

  /** True when `track` (G.711) can be transcoded: mono at a sample rate the encoder has bands for. */
  accepts(track: AudioTrack): boolean {
    return track.codec === 'aac' || (track.channels === 1 && SUPPORTED_AAC_SAMPLE_RATES.includes(track.sampleRate));
  }

  /** A timeline break: the next frame starts a new anchor and the encoder starts from silence. */
  reset(): void {
    this.transcoder?.reset();
  }

  private open(track: AudioTrack): void {
    this.source = track;
    this.transcoder = undefined;
    this.output = undefined;
    if (track.codec === 'aac' || !this.accepts(track)) return;
    this.transcoder = new G711AacTranscoder(track.codec, { sampleRate: track.sampleRate });
    this.output = { kind: 'audio', codec: 'aac', sampleRate: track.sampleRate, channels: 1, config: this.transcoder.config };
  }
}
