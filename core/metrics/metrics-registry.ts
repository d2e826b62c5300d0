/** A small Prometheus text-format registry (exposition format 0.0.4): counters and gauges with labels. */
type Labels = Record<string, string | number>;

interface Family {
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  readonly values: Map<string, number>;
}

const escape = (v: string | number) => String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelKey = (labels: Labels) =>
  Object.keys(labels).sort().map((k) => `${k}="${escape(labels[k]!)}"`).join(',');

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();
  private readonly collectors: Array<(r: MetricsRegistry) => void> = [];

  private family(name: string, type: Family['type'], help: string): Family {
    let f = this.families.get(name);
    if (!f) {
      f = { type, help, values: new Map() };
      this.families.set(name, f);
    }
    return f;
  }

  /** Adds `by` to a counter. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, 'counter', help);
    const k = labelKey(labels);
    f.values.set(k, (f.values.get(k) ?? 0) + by);
  }

  /** Sets a gauge. */
  set(name: string, help: string, labels: Labels, value: number): void {
    this.family(name, 'gauge', help).values.set(labelKey(labels), value);
  }

  /** Registers a function that sets gauges right before each scrape. */
  collect(fn: (r: MetricsRegistry) => void): void {
    this.collectors.push(fn);
  }

  /** The text exposition of every family. */
  render(): string {
    for (const f of this.families.values()) if (f.type === 'gauge') f.values.clear();
    for (const c of this.collectors) c(this);
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [k, v] of f.values) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
    }
    return out.join('\n') + '\n';
  }
}
