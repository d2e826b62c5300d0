/**
 * Test media like a Hikvision device sends it: the 40-byte IMKH header, then MPEG-PS. Built from the committed
 * `fixtures/media/h264-pcma-640x360.ps` (H.264 640x360 25 fps + G.711 A-law, PSM, system header + PSM before key
 * frames every 2 s, 5 s long; see fixtures/media/README.md).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const WORK = join(import.meta.dirname, '..', '.work');
export const REPO = join(import.meta.dirname, '..', '..', '..', '..');
export const FIXTURE_PS = join(REPO, 'fixtures', 'media', 'h264-pcma-640x360.ps');

/** IMKH header (vendor notes §7.1): version 0x0101, MPEG2-PS, H.264, G.711 A-law 8 kHz mono. */
export function imkhHeader(): Buffer {
  const b = Buffer.alloc(40);
  b.write('IMKH', 0, 'latin1');
  b.writeUInt16LE(0x0101, 4); // media_version
  b.writeUInt16LE(2, 8); // system_format: MPEG2-PS
  b.writeUInt16LE(1, 10); // video_format: H.264
  b.writeUInt16LE(0x7111, 12); // audio_format: G.711 A-law
  b.writeUInt8(1, 14); // audio_channels
  b.writeUInt8(16, 15); // audio_bits_per_sample
  b.writeUInt32LE(8000, 16); // audio_samplesrate
  b.writeUInt32LE(64000, 20); // audio_bitrate
  return b;
}

/** IMKH + the fixture PS, written once under test/.work (temp name + rename: parallel test files are safe). */
export function fixtureHikMedia(): string {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, 'h264-pcma-640x360.hikps');
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([imkhHeader(), readFileSync(FIXTURE_PS)]));
    renameSync(tmp, file);
  }
  return file;
}
