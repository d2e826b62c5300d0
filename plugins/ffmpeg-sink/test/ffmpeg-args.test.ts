import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/config-schema.js';
import { buildSessionArgs } from '../src/ffmpeg-args.js';

const after = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];

describe('buildSessionArgs', () => {
  it('defaults: input format and probe limits, video copied, audio to AAC, FLV out', () => {
    const { input, output } = buildSessionArgs('mpeg', withDefaults());
    expect(after(input, '-f')).toBe('mpeg');
    expect(after(input, '-probesize')).toBe(String(64 * 1024));
    expect(input).toContain('-nostdin');
    expect(after(output, '-c:v')).toBe('copy');
    expect(after(output, '-c:a')).toBe('aac');
    expect(output).toContain('0:a:0?');
    expect(after(output, '-f')).toBe('flv');
    expect(after(output, '-rw_timeout')).toBe('10000000');
  });

  it('audio none drops audio; copy copies it', () => {
    expect(buildSessionArgs('dhav', withDefaults({ audio: 'none' })).output).toContain('-an');
    expect(buildSessionArgs('dhav', withDefaults({ audio: 'none' })).output).not.toContain('-c:a');
    expect(after(buildSessionArgs('dhav', withDefaults({ audio: 'copy' })).output, '-c:a')).toBe('copy');
  });

  it('aacSampleRate adds -ar', () => {
    expect(after(buildSessionArgs('mpeg', withDefaults({ aacSampleRate: 44100 })).output, '-ar')).toBe('44100');
    expect(buildSessionArgs('mpeg', withDefaults()).output).not.toContain('-ar');
  });

  it('videoTranscode h264 encodes with libx264 at the configured bitrate', () => {
    const { output } = buildSessionArgs('mpeg', withDefaults({ videoTranscode: 'h264', videoBitrateKbps: 1500 }));
    expect(after(output, '-c:v')).toBe('libx264');
    expect(after(output, '-b:v')).toBe('1500k');
    expect(after(output, '-preset')).toBe('veryfast');
  });
});
