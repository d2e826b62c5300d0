/**
 * A browser takes the encoder's 8 kHz AAC-LC: Chromium's Media Source Extensions (what flv.js/mpegts.js players
 * feed) parse and buffer it as `audio/mp4; codecs="mp4a.40.2"`. The raw blocks go to ADTS (ours), to fragmented
 * MP4 (ffmpeg -c copy, the way a player's transmuxer repackages them), then into a SourceBuffer in headless
 * Chromium. Runs where chromium is installed (scripts/setup-test-deps.sh installs it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeAdtsFrame } from '../adts.js';
import { AAC_FRAME_SAMPLES, AacEncoder } from '../aac/aac-encoder.js';
import { g711ToPcm } from '../aac/g711.js';

const run = promisify(execFile);
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/media');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
if (!CHROMIUM) console.log('AAC browser test skipped: no chromium (scripts/setup-test-deps.sh installs it)');

const page = (mp4: Buffer) => `<html><body><audio id=a muted></audio><pre id=out>pending</pre><script>
const out = document.getElementById('out');
const bytes = Uint8Array.from(atob('${mp4.toString('base64')}'), (c) => c.charCodeAt(0));
const ms = new MediaSource();
const a = document.getElementById('a');
a.src = URL.createObjectURL(ms);
a.onerror = () => { out.textContent = 'error ' + a.error.message; };
ms.addEventListener('sourceopen', () => {
  const sb = ms.addSourceBuffer('audio/mp4; codecs="mp4a.40.2"');
  sb.addEventListener('updateend', () => { out.textContent = 'buffered ' + (sb.buffered.length ? sb.buffered.end(0).toFixed(2) : 'none'); });
  sb.appendBuffer(bytes);
});
</script></body></html>`;

describe.runIf(CHROMIUM)('8 kHz AAC-LC in Chromium MSE', () => {
  it('a SourceBuffer for mp4a.40.2 accepts and buffers the whole speech clip', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aac-mse-'));
    try {
      const pcm = g711ToPcm('pcma', fs.readFileSync(path.join(FIXTURES, 'speech-8k.alaw')));
      const enc = new AacEncoder({ sampleRate: 8000 });
      const parts: Uint8Array[] = [];
      for (let i = 0; i < pcm.length; i += AAC_FRAME_SAMPLES) {
        const block = new Int16Array(AAC_FRAME_SAMPLES);
        block.set(pcm.subarray(i, i + AAC_FRAME_SAMPLES));
        parts.push(encodeAdtsFrame(enc.config, enc.encode(block)));
      }
      const f = (n: string) => path.join(dir, n);
      fs.writeFileSync(f('a.aac'), Buffer.concat(parts));
      // MP4 needs the AudioSpecificConfig in the moov: a plain MP4 first, then fragmented (empty moov).
      await run('ffmpeg', ['-v', 'error', '-y', '-i', f('a.aac'), '-c', 'copy', '-bsf:a', 'aac_adtstoasc', f('a.m4a')]);
      await run('ffmpeg', ['-v', 'error', '-y', '-i', f('a.m4a'), '-c', 'copy', '-f', 'mp4', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', f('a.mp4')]);
      fs.writeFileSync(f('page.html'), page(fs.readFileSync(f('a.mp4'))));
      const { stdout } = await run(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${f('profile')}`, '--virtual-time-budget=10000', '--dump-dom', `file://${f('page.html')}`], { timeout: 60_000, maxBuffer: 64 << 20 });
      const result = /<pre id="out">([^<]*)/.exec(stdout)?.[1];
      expect(result).toMatch(/^buffered \d/);
      const seconds = pcm.length / 8000;
      expect(Number(result!.split(' ')[1])).toBeGreaterThanOrEqual(seconds - 0.2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
