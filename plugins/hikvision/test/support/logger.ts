/** A Logger that keeps its lines (tests assert on what was logged, e.g. that no password appears). */
import type { Logger } from '@nvr-pusher/core/contracts';

export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const make = (bindings: Record<string, unknown>): Logger & { lines: string[] } => {
    const w = (level: string) => (obj: unknown, msg?: string) => {
      lines.push(JSON.stringify({ level, ...bindings, obj: obj instanceof Error ? obj.message : obj, msg }, (_k, v) => (v instanceof Error ? v.message : v)));
    };
    return {
      lines, trace: w('trace'), debug: w('debug'), info: w('info'), warn: w('warn'), error: w('error'), fatal: w('fatal'),
      child: (b) => make({ ...bindings, ...b }),
    };
  };
  return make({});
}
