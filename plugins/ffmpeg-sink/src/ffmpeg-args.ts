/** The ffmpeg options for one session, as fluent-ffmpeg input and output option lists. Pure. */
import type { FfmpegSinkOptions } from './config-schema.js';

export interface SessionArgs {
  /** Before `-i pipe:0` (fluent-ffmpeg `inputOptions`). */
  readonly input: string[];
  /** Before the URL (fluent-ffmpeg `outputOptions`). */
  readonly output: string[];
}

/**
 * `inputFormat` is ffmpeg's demuxer name (`mpeg` for PS, `dhav`, …). `-nostdin`: stdin carries the media, so it
 * must never be read as keyboard commands (ffmpeg also turns interaction off by itself for a `pipe:` input).
 */
export function buildSessionArgs(inputFormat: string, o: FfmpegSinkOptions): SessionArgs {
  const input = [
    '-hide_banner', '-nostdin',
    '-f', inputFormat,
    '-probesize', String(Math.max(32, o.probeSizeBytes)),
    '-analyzeduration', String(o.analyzeDurationMs * 1000),
  ];
  const output = ['-map', '0:v:0'];
  if (o.videoTranscode === 'h264') {
    output.push('-c:v', 'libx264', '-preset', o.x264Preset, '-tune', 'zerolatency', '-pix_fmt', 'yuv420p',
      '-b:v', `${o.videoBitrateKbps}k`, '-maxrate', `${o.videoBitrateKbps}k`, '-bufsize', `${o.videoBitrateKbps * 2}k`,
      // A key frame every 2 s, whatever the source GOP: players joining the stream start within 2 s.
      '-force_key_frames', 'expr:gte(t,n_forced*2)');
  } else {
    output.push('-c:v', 'copy');
  }
  if (o.audio === 'none') {
    output.push('-an');
  } else {
    // `?`: a source without audio is fine.
    output.push('-map', '0:a:0?');
    if (o.audio === 'copy') output.push('-c:a', 'copy');
    else {
      output.push('-c:a', 'aac', '-b:a', `${o.audioBitrateKbps}k`);
      if (o.aacSampleRate > 0) output.push('-ar', String(o.aacSampleRate));
    }
  }
  output.push(
    '-f', 'flv',
    // Live output: no seek-back to patch duration/filesize into the header.
    '-flvflags', 'no_duration_filesize',
    '-rw_timeout', String(o.rwTimeoutMs * 1000),
  );
  return { input, output };
}
