/**
 * Classifies ffmpeg's stderr lines (ffmpeg 4.1 – 6.x text). Pure: the session decides what to do with them.
 *
 * - `progress`: the stats line (`frame=  25 fps=… size=  12kB time=…`), printed every 0.5 s; spam to filter.
 * - `output-opened`: `Output #0, flv, to '…'` — printed once ffmpeg's RTMP client finished connect/createStream/
 *   publish (it waits for `NetStream.Publish.Start`) and the FLV header was written.
 * - `error`: a line that explains a failure, with the step it belongs to.
 */

export type FailureStep = 'connect' | 'publish' | 'write' | 'input' | 'ffmpeg';

export type StderrLine =
  | { kind: 'progress'; frame: number; sizeKb: number }
  | { kind: 'output-opened' }
  | { kind: 'error'; step: FailureStep; text: string }
  | { kind: 'info'; text: string };

const PROGRESS = /^(?:frame=\s*(\d+)\s.*?)?L?size=\s*(N\/A|\d+)\s*(?:kB|KiB)?\s/;
const OUTPUT_OPENED = /^Output #\d+, flv, to /;

// Order matters: the first matching rule names the step.
// prettier-ignore
const ERROR_RULES: ReadonlyArray<readonly [RegExp, FailureStep]> = [
  [/Server error|NetStream\.Publish\.(BadName|Failed)|Unauthorized|Publish.*(denied|rejected)/i, 'publish'],
  [/Connection refused|Connection timed out|Cannot open connection|No route to host|Network is unreachable|Failed to resolve hostname|Name or service not known|Handshake|Operation timed out/i, 'connect'],
  [/Broken pipe|Connection reset by peer|av_interleaved_write_frame|Error writing trailer|Error muxing|End of file.*rtmp/i, 'write'],
  [/Invalid data found when processing input|could not find codec parameters|Error while decoding|Output file #\d+ does not contain any stream|matches no streams/i, 'input'],
  [/Conversion failed|Error |error |Unknown encoder|Invalid argument|Input\/output error/i, 'ffmpeg'],
];

/** Classifies one stderr line (without its line ending). */
export function parseStderrLine(raw: string): StderrLine {
  const line = raw.trim();
  const p = PROGRESS.exec(line);
  if (p) return { kind: 'progress', frame: p[1] === undefined ? 0 : Number(p[1]), sizeKb: p[2] === 'N/A' ? 0 : Number(p[2]) };
  if (OUTPUT_OPENED.test(line)) return { kind: 'output-opened' };
  for (const [re, step] of ERROR_RULES) if (re.test(line)) return { kind: 'error', step, text: line };
  return { kind: 'info', text: line };
}
