import { describe, expect, it } from 'vitest';
import { parseStderrLine } from '../src/stderr-parser.js';

// Lines as ffmpeg 5.1 (Debian) and 4.1 (@ffmpeg-installer) print them.
// prettier-ignore
const cases = [
  { name: 'progress', line: 'frame=   50 fps= 25 q=-1.0 size=     100kB time=00:00:02.00 bitrate= 409.6kbits/s speed=   1x', value: { kind: 'progress', frame: 50, sizeKb: 100 } },
  { name: 'progress before any output', line: 'frame=    0 fps=0.0 q=0.0 size=       0kB time=00:00:00.00 bitrate=N/A speed=   0x', value: { kind: 'progress', frame: 0, sizeKb: 0 } },
  { name: 'final progress (Lsize)', line: 'frame=  611 fps= 25 q=-1.0 Lsize=     944kB time=00:00:24.40 bitrate= 316.9kbits/s speed=   1x', value: { kind: 'progress', frame: 611, sizeKb: 944 } },
  { name: 'audio-only progress', line: 'size=      12kB time=00:00:01.00 bitrate=  98.3kbits/s speed=   1x', value: { kind: 'progress', frame: 0, sizeKb: 12 } },
  { name: 'progress N/A (ffmpeg 6)', line: 'frame=    0 fps=0.0 q=0.0 size=N/A time=N/A bitrate=N/A speed=N/A', value: { kind: 'progress', frame: 0, sizeKb: 0 } },
  { name: 'output opened', line: "Output #0, flv, to 'rtmp://127.0.0.1:1935/live/k':", value: { kind: 'output-opened' } },
  { name: 'tcp refused', line: '[tcp @ 0x560e3679f6c0] Connection to tcp://127.0.0.1:1?tcp_nodelay=0 failed: Connection refused', value: { kind: 'error', step: 'connect' } },
  { name: 'rtmp cannot open', line: '[rtmp @ 0x560e36894640] Cannot open connection tcp://127.0.0.1:1?tcp_nodelay=0', value: { kind: 'error', step: 'connect' } },
  { name: 'nginx BadName', line: '[rtmp @ 0x55d0] Server error: Already publishing', value: { kind: 'error', step: 'publish' } },
  { name: 'broken pipe', line: 'av_interleaved_write_frame(): Broken pipe', value: { kind: 'error', step: 'write' } },
  { name: 'input junk', line: 'pipe:0: Invalid data found when processing input', value: { kind: 'error', step: 'input' } },
  { name: 'input stream info', line: '  Stream #0:1[0x1c0]: Audio: pcm_alaw, 8000 Hz, mono, s16, 64 kb/s', value: { kind: 'info' } },
] as const;

describe('parseStderrLine', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(parseStderrLine(c.line)).toMatchObject(c.value);
    });
  }

  it('keeps the text of error lines for the 602 message', () => {
    const parsed = parseStderrLine('rtmp://127.0.0.1:1/live/x: Connection refused');
    expect(parsed).toEqual({ kind: 'error', step: 'connect', text: 'rtmp://127.0.0.1:1/live/x: Connection refused' });
  });
});
