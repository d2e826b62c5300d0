/**
 * Micro-benchmarks of the native sink's hot path, measured side by side in one process (ratios, not absolute
 * figures): the Annex-B framer (demux), the FLV muxer, and the RTMP chunk writer, each against the copying path
 * it replaced (join → split → length-prefix copy → tag copy → chunk copy). `npm run bench -- micro`.
 */
import fs from 'node:fs';
import type { MediaFrame } from '@nvr-pusher/core/contracts';
import { AnnexBFramer, splitAnnexB, h264NalType } from '@nvr-pusher/core/media';
import type { Args } from './lib/args.js';
import { benchClip } from './lib/media.js';
import { fmt, median, table } from './lib/stats.js';
import { FlvMuxer } from '../plugins/native-flv-sink/src/flv-muxer.js';
import { encodeLengthPrefixed } from '../plugins/native-flv-sink/src/format/nalu-length-prefix.js';
import { encodeVideoTag, FrameType } from '../plugins/native-flv-sink/src/format/video-tag.js';
import { RtmpChunkWriter } from '../plugins/native-flv-sink/src/format/rtmp-chunk-writer.js';

/**
 * Median CPU ns (user + system of this process, not wall time: the machine may be shared) per item of `a` and
 * of `b`, over `reps` passes each, interleaved a, b, a, b… so both see the same machine; 3 warm-up passes each.
 */
function compare(reps: number, items: number, a: () => void, b: () => void): [number, number] {
  for (let w = 0; w < 3; w++) { a(); b(); }
  const na: number[] = [];
  const nb: number[] = [];
  const cpu = (f: () => void): number => {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    return ((d.user + d.system) * 1000) / items;
  };
  for (let r = 0; r < reps; r++) {
    na.push(cpu(a));
    nb.push(cpu(b));
  }
  return [median(na), median(nb)];
}

const SKIP = new Set([7, 8, 9]);

export async function runMicro(args: Args): Promise<void> {
  const reps = args.num('reps', 31);
  const clip = benchClip(args.num('bitrate', 4));
  const bytes = new Uint8Array(fs.readFileSync(clip.file));
  const chunk = 8192;
  const frameOf = (nalus: boolean): MediaFrame[] => {
    const f = new AnnexBFramer('h264');
    const out: MediaFrame[] = [];
    for (let i = 0; i < bytes.length; i += chunk) out.push(...f.push(bytes.subarray(i, i + chunk)));
    out.push(...f.flush());
    // `nalus: false` mimics a frame without NAL units (the old contract): the muxer must split `data`.
    return nalus ? out : out.map((x) => ({ track: x.track, dts: x.dts, pts: x.pts, key: x.key, data: x.data }));
  };
  const frames = frameOf(true);
  const n = frames.length;
  const mb = bytes.length / 1e6;
  console.log(`## Micro-benchmarks (hot path)\n\ncommand: \`npm run bench -- micro ${process.argv.slice(3).join(' ')}\`; clip ${fmt(clip.actualMbps, 2)} Mb/s, ${n} frames, ${fmt(mb, 1)} MB, fed in ${chunk}-byte chunks; median CPU time of ${reps} passes\n`);

  const [demux, demuxJoin] = compare(reps, n, () => void frameOf(true), () => { for (const f of frameOf(true)) void f.data; });

  const writer = new RtmpChunkWriter();
  writer.chunkSize = 4096;
  const plain = frameOf(false);
  const [muxNew, muxOld] = compare(reps, n, () => {
    const m = new FlvMuxer({ audio: 'drop' });
    const parts: Uint8Array[] = [];
    for (const f of frames) for (const msg of m.mux(f)) { parts.length = 0; writer.chunks({ ...msg, streamId: 1 }, parts); }
  }, () => {
    // what the path did before: split the joined Annex-B again, copy into length-prefixed, copy into the tag,
    // copy into chunks
    for (const f of plain) {
      const units = splitAnnexB(f.data).filter((u) => !SKIP.has(h264NalType(u)));
      const data = encodeLengthPrefixed(units);
      const tag = encodeVideoTag({ codec: 'avc', frameType: f.key ? FrameType.key : FrameType.inter, packetType: 'codedFrames', compositionTime: 0, data });
      writer.encode({ csid: 6, typeId: 9, timestamp: f.dts, streamId: 1, payload: tag });
    }
  });
  const [chunksOnly, encodeOnly] = compare(reps, n, () => {
    const parts: Uint8Array[] = [];
    for (const f of frames) { parts.length = 0; writer.chunks({ csid: 6, typeId: 9, timestamp: f.dts, streamId: 1, payload: f.nalus! }, parts); }
  }, () => {
    for (const f of plain) writer.encode({ csid: 6, typeId: 9, timestamp: f.dts, streamId: 1, payload: f.data });
  });
  const perFrameKb = bytes.length / n / 1024;
  console.log(table(['step', 'new (views)', 'old (copies)', 'old ÷ new'], [
    ['framer: Annex-B → frames (µs/frame)', fmt(demux / 1000, 2), fmt(demuxJoin / 1000, 2) + ' (with the join)', `${fmt(demuxJoin / demux, 1)}×`],
    ['frame → FLV tag → RTMP chunks (µs/frame)', fmt(muxNew / 1000, 2), fmt(muxOld / 1000, 2), `${fmt(muxOld / muxNew, 1)}×`],
    ['chunk writer only (µs/frame)', fmt(chunksOnly / 1000, 2) + ' (chunks)', fmt(encodeOnly / 1000, 2) + ' (encode)', `${fmt(encodeOnly / chunksOnly, 1)}×`],
  ]));
  console.log(`\nmean frame ${fmt(perFrameKb, 1)} KiB; 100 streams × 25 fps = 2,500 frames/s: new mux+chunk path ≈ ${fmt((muxNew * 2500) / 1e7, 2)} % of a core\n`);
}
