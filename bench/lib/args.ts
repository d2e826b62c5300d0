/** `npm run bench -- <scenario> --key value ...`: tiny argument parser (lists are comma-separated). */
export interface Args {
  scenario: string;
  get(key: string, def: string): string;
  num(key: string, def: number): number;
  list(key: string, def: string): string[];
  nums(key: string, def: string): number[];
  has(key: string): boolean;
}

export function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  let scenario = 'all';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) values.set(a.slice(2), argv[++i]!);
      else values.set(a.slice(2), 'true');
    } else scenario = a;
  }
  const get = (k: string, d: string) => values.get(k) ?? d;
  return {
    scenario,
    get,
    num: (k, d) => Number(get(k, String(d))),
    list: (k, d) => get(k, d).split(',').map((s) => s.trim()).filter(Boolean),
    nums: (k, d) => get(k, d).split(',').map(Number),
    has: (k) => values.has(k),
  };
}
