/** Builds the sink the way the core would (plugin manifest + create(ctx)), with a capturing logger. */
import type { Logger, PluginContext, PublishTarget } from '@nvr-pusher/core/contracts';
import plugin, { type FfmpegSink, type FfmpegSinkOptions } from '../../src/index.js';

export interface LogRecord {
  level: string;
  obj: unknown;
  msg?: string;
}

export function captureLogger(records: LogRecord[] = [], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (obj: unknown, msg?: string) => {
    records.push({ level, obj: { ...bindings, ...(obj as object) }, msg });
    if (process.env.SINK_TEST_LOG) process.stderr.write(`${level} ${msg ?? ''} ${JSON.stringify(obj)}\n`);
  };
  return {
    trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'),
    child: (b) => captureLogger(records, { ...bindings, ...b }),
  };
}

export async function createSink(options: Partial<FfmpegSinkOptions> = {}, records: LogRecord[] = []): Promise<FfmpegSink> {
  const secrets: string[] = [];
  const ctx: PluginContext<FfmpegSinkOptions> = {
    options: options as FfmpegSinkOptions,
    logger: captureLogger(records),
    clock: { now: () => performance.now() },
    formats: { get: () => undefined },
    registerSecret: (s) => secrets.push(s),
    baseDir: process.cwd(),
  };
  return (await plugin.create(ctx)) as FfmpegSink;
}

let seq = 0;
/** A unique stream key per test (node-media-server keeps a stream ~30 s after its publisher left). */
export function uniqueKey(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${seq++}`;
}

export function liveTarget(base: string, key: string): PublishTarget {
  return { url: `${base}/${key}`, streamKey: key, kind: 'live' };
}
