/** Small statistics and table helpers for the bench reports. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const median = (v: readonly number[]) => percentile(v, 50);

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  return n.toFixed(digits);
}

/** "median (min–max)" of several runs; just the value when there is one run. */
export function spread(v: readonly number[], digits = 1): string {
  const ok = v.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return '–';
  if (ok.length === 1) return fmt(ok[0]!, digits);
  return `${fmt(median(ok), digits)} (${fmt(Math.min(...ok), digits)}–${fmt(Math.max(...ok), digits)})`;
}

/** A GitHub-flavoured markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
