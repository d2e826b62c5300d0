/**
 * Turns a `dumpRaw` capture into a `hik-ps` fixture (IMKH header + PS), usable as emulator media or a demuxer
 * fixture: `npx tsx plugins/hikvision/tools/hikraw-to-ps.ts <capture.hikraw> <out.hikps>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeHikRaw, hikRawToStream } from '../src/format/hikraw-capture.js';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: hikraw-to-ps <capture.hikraw> <out.hikps>\n');
  process.exit(2);
}
const { records, truncatedBytes } = decodeHikRaw(readFileSync(input));
const stream = hikRawToStream(records);
writeFileSync(output, stream);
const types = new Map<number, number>();
for (const r of records) types.set(r.dataType, (types.get(r.dataType) ?? 0) + 1);
process.stdout.write(`${records.length} records (by data type: ${[...types].map(([t, n]) => `${t}×${n}`).join(', ')}), ` +
  `${stream.length} bytes written${truncatedBytes ? `, ${truncatedBytes} trailing bytes of a cut record ignored` : ''}\n`);
