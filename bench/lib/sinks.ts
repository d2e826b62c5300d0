import type { SinkName } from './pusher.js';

const ALIASES: Record<string, SinkName> = { native: 'native-flv-sink', ffmpeg: 'ffmpeg-sink', 'native-flv-sink': 'native-flv-sink', 'ffmpeg-sink': 'ffmpeg-sink' };

export function sinkNames(list: string[]): SinkName[] {
  return list.map((s) => {
    const n = ALIASES[s];
    if (!n) throw new Error(`unknown sink "${s}" (native, ffmpeg)`);
    return n;
  });
}

export const short = (s: SinkName) => (s === 'native-flv-sink' ? 'native' : s === 'ffmpeg-sink' ? 'ffmpeg' : s);
